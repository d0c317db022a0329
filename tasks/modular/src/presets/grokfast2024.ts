import type { Preset } from '@grokbench/task-kit';

/**
 * Lee et al. 2024, "Grokfast: Accelerated grokking by amplifying slow gradients"
 * (arXiv:2405.20233), §3–4 and their reference code (github.com/ironjr/grokfast, main.py): modular
 * multiplication mod 97 over b ≠ 0, half the equations for training; a 2-layer pre-norm transformer
 * (width 128, 4 heads, GELU MLP of 4× width, final layer norm, learned positions, unembedding
 * without bias); Adam with coupled weight decay, lr 1e-3, β = (0.9, 0.98), warm-up over 10 updates,
 * batch 512. The baseline has weight decay 0; the paper tunes it per filter (EMA: 0.005, MA: 0.01).
 * As in the reference `Block.forward`, the layer norm rewrites the residual stream before attention
 * (x = ln(x); x = x + attn(x); x = x + mlp(ln(x))), and the attention is nn.MultiheadAttention's
 * (Xavier-uniform input projection, zero biases). Its head scores every token, p + 2 classes (the
 * operator and '=' too), and so does ours (`head: 'vocabulary'`); embeddings are nn.Embedding's
 * N(0, 1), the MLP nn.Linear's U(±1/√fan-in) with biases.
 * Departures: its last batch of each epoch is short (4,656 = 9·512 + 48) where our batch stream
 * keeps every batch full; it numbers '=' p and the operator p + 1, we the other way round (the
 * draws are exchangeable, so this changes nothing but which random row each token gets); the paper
 * reads accuracy as the running mean over each training epoch, we evaluate the whole training set
 * at a fixed step.
 */
export const grokfast2024: Preset = {
  description: "2-layer transformer (Grokfast's block) on half of a · b mod 97 (b ≠ 0), Adam, batch 512, 10⁵ steps",
  source: 'Lee et al. 2024, arXiv:2405.20233, §3–4; github.com/ironjr/grokfast main.py',
  config: {
    data: { p: 97, trainFraction: 0.5, format: 'a op b =', excludeZeroRight: true },
    model: {
      kind: 'transformer',
      layers: 2,
      width: 128,
      heads: 4,
      mlpWidth: 512,
      activation: 'gelu',
      layerNorm: 'pre-stream',
      attentionInit: 'torch-mha',
      finalLayerNorm: true,
      biases: true,
      positions: 'learned',
      head: 'vocabulary',
    },
    optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0, warmupSteps: 10 },
    filter: null,
    batchSize: 512,
    steps: 100_000,
    evalEvery: 100,
    patience: 2_000,
  },
  methods: {
    'grokfast-ema': { optimizer: { weightDecay: 0.005 } },
    'grokfast-ma': { optimizer: { weightDecay: 0.01 } },
  },
};
