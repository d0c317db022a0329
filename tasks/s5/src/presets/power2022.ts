import { POWER2022_DATA, POWER2022_SOURCE, POWER2022_TRAINING, type Preset } from '@grokbench/task-kit';

/** Power et al. 2022 (arXiv:2201.02177): S5 composition is one of their tasks; see POWER2022_TRAINING. */
export const power2022: Preset = {
  description: '2-layer transformer (width 128, 4 heads) on half of the S5 compositions, AdamW, batch 512, 10⁵ steps',
  source: POWER2022_SOURCE,
  config: { ...POWER2022_TRAINING, data: POWER2022_DATA },
};
