import type { Preset } from '@grokbench/trainer';

/**
 * Nanda et al. 2023, "Progress measures for grokking via mechanistic interpretability"
 * (arXiv:2301.05217), §3 and Appendix A: modular addition mod 113 written "a b =", a 1-layer
 * transformer with d_model 128, 4 heads of width 32, a ReLU MLP of width 512, no layer norm, learned
 * positions, the unembedding read at "="; 30% of the pairs as training data, full batch; AdamW lr
 * 1e-3, weight decay 1, β = (0.9, 0.98), the reference code's linear warm-up over 10 steps; 40,000
 * steps. Their attention and unembedding have no biases; their MLP does (zero-initialised), which the
 * single `biases` switch cannot express, so it is off here. Their weights start at N(0, 1/d_model)
 * rather than PyTorch's defaults.
 */
export const nanda2023: Preset = {
  description: '1-layer transformer (d 128, 4 heads, MLP 512, no layer norm) on 30% of a + b mod 113, full batch, 40k steps',
  source: 'Nanda et al. 2023, arXiv:2301.05217, §3 and Appendix A',
  config: {
    data: { p: 113, trainFraction: 0.3, format: 'a b =' },
    model: {
      kind: 'transformer',
      layers: 1,
      width: 128,
      heads: 4,
      mlpWidth: 512,
      activation: 'relu',
      layerNorm: 'none',
      finalLayerNorm: false,
      biases: false,
      positions: 'learned',
    },
    optimizer: { kind: 'adamw', lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, warmupSteps: 10 },
    filter: null,
    batchSize: null,
    steps: 40_000,
    evalEvery: 100,
    patience: 2_000,
  },
};
