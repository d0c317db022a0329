import type { Preset } from '@grokbench/trainer';
import type { ModularOperationId } from '../modular-operations.js';

const SOURCE =
  "grokbench's reference MLP (DESIGN.md §1: one-hot operands, one hidden ReLU layer, no biases, full batch) " +
  'with the AdamW settings of Power et al. 2022 (arXiv:2201.02177, β = (0.9, 0.98), weight decay 1) at lr 3e-3';

/**
 * The quick preset of each operation: an MLP that groks in seconds on a 2-core CPU. Measured with
 * seeds 0–2, all four operations reach train accuracy 0.95 at step 150 and held-out 0.99 at steps
 * 1,150–1,300 (5–10 ms a step), so they share one set of values.
 */
export function quickPreset(op: ModularOperationId): Preset {
  return {
    description: `MLP (hidden 256) on half of the pairs mod 97, full batch, AdamW lr 3e-3, weight decay 1; groks in seconds`,
    source: SOURCE,
    config: {
      data: { p: 97, trainFraction: 0.5, format: 'a op b =', ...(op === 'mul' ? { excludeZeroRight: false } : {}) },
      model: { kind: 'mlp', hidden: 256, depth: 1, activation: 'relu', biases: false },
      optimizer: { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, warmupSteps: 0 },
      filter: null,
      batchSize: null,
      steps: 10_000,
      evalEvery: 50,
      patience: 200,
    },
  };
}
