/**
 * The training setup of Power et al. 2022, "Grokking: Generalization beyond overfitting on small
 * algorithmic datasets" (arXiv:2201.02177), §2 and Appendix A.1, and their reference code
 * (github.com/openai/grok, grok/transformer.py and grok/training.py), shared by every task's
 * `power2022` preset: a decoder-only transformer with 2 layers, width 128, 4 heads, post-norm
 * blocks, ReLU MLP of 4× width, no biases in linear layers, fixed sinusoidal positions; AdamW
 * lr 1e-3, weight decay 1, β = (0.9, 0.98), linear warm-up over 10 updates, minibatches of
 * min(512, ⌈train/2⌉) = 512 for every task here; 10⁵ updates.
 */
export const POWER2022_SOURCE = 'Power et al. 2022, arXiv:2201.02177, §2 and Appendix A.1; github.com/openai/grok';

export const POWER2022_TRAINING = {
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
} as const;
