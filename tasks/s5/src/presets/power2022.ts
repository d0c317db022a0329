import type { Preset } from '@grokbench/trainer';

/**
 * Power et al. 2022 (arXiv:2201.02177), §2 and Appendix A.1, and github.com/openai/grok: S5
 * composition is one of their tasks, trained with the same 2-layer post-norm transformer (width 128,
 * 4 heads, no linear biases, sinusoidal positions), AdamW lr 1e-3, weight decay 1, β = (0.9, 0.98),
 * warm-up over 10 updates, batch min(512, ⌈train/2⌉) = 512, 10⁵ updates.
 */
export const power2022: Preset = {
  description: '2-layer transformer (width 128, 4 heads) on half of the S5 compositions, AdamW, batch 512, 10⁵ steps',
  source: 'Power et al. 2022, arXiv:2201.02177, §2 and Appendix A.1; github.com/openai/grok',
  config: {
    data: { trainFraction: 0.5, format: 'a op b =' },
    model: {
      kind: 'transformer',
      layers: 2,
      width: 128,
      heads: 4,
      mlpWidth: 512,
      activation: 'relu',
      layerNorm: 'post',
      finalLayerNorm: false,
      biases: false,
      positions: 'sinusoidal',
    },
    optimizer: { kind: 'adamw', lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, warmupSteps: 10 },
    filter: null,
    batchSize: 512,
    steps: 100_000,
    evalEvery: 100,
    patience: 2_000,
  },
};
