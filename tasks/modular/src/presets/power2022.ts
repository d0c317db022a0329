import { POWER2022_DATA, POWER2022_SOURCE, POWER2022_TRAINING, type Preset } from '@grokbench/task-kit';
import type { ModularOperationId } from '../modular-operations.js';

/** Power et al. 2022 (arXiv:2201.02177) on a ∘ b mod 97 with half the equations for training; see POWER2022_TRAINING. */
export function power2022Preset(op: ModularOperationId): Preset {
  return {
    description: '2-layer transformer (width 128, 4 heads) on half of the equations mod 97, AdamW, batch 512, 10⁵ steps',
    source: POWER2022_SOURCE,
    config: {
      ...POWER2022_TRAINING,
      data: { ...POWER2022_DATA, p: 97, ...(op === 'mul' ? { excludeZeroRight: false } : {}) },
    },
  };
}
