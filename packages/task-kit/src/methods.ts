/**
 * Training methods: a separate axis from presets, so every preset runs with each. A method is a
 * config layer applied over the preset (and under the preset's own per-method adjustments and
 * the user's flags). Adding an optimizer trick means adding an entry here.
 */
export interface Method {
  id: string;
  description: string;
  source?: string;
  config: Record<string, unknown>;
}

export const METHODS: Readonly<Record<string, Method>> = {
  adamw: {
    id: 'adamw',
    description: "baseline: the preset's own optimizer (AdamW in most presets), raw gradients",
    config: { filter: null },
  },
  'grokfast-ema': {
    id: 'grokfast-ema',
    description: 'Grokfast EMA gradient filter (α 0.98, λ 2) before the optimizer',
    source: 'Lee et al. 2024, arXiv:2405.20233, Algorithm 2 and §4 (modular multiplication)',
    config: { filter: { kind: 'grokfast-ema', alpha: 0.98, lambda: 2 } },
  },
  'grokfast-ma': {
    id: 'grokfast-ma',
    description: 'Grokfast moving-average gradient filter (window 100, λ 5) before the optimizer',
    source: 'Lee et al. 2024, arXiv:2405.20233, Algorithm 1 and §3',
    config: { filter: { kind: 'grokfast-ma', window: 100, lambda: 5 } },
  },
};
