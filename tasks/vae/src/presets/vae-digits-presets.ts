import type { Preset } from '@grokbench/task-kit';

const SOURCE =
  'Liu et al. 2023, "Omnigrok" (arXiv:2210.01117), §3 MNIST: 1,000 training images, init scale α (they grok with α ≈ 8), weight decay, MSE; ' +
  'VAE of Kingma & Welling 2014 with a Gaussian likelihood (so the reconstruction term is an MSE); values measured by grokbench (tasks/vae/src/presets/vae-digits-presets.ts)';

/**
 * Measured on a 2-core CPU, seed 0, 1 thread (grokbench run --task vae-digits, ε = 0.5 × the
 * median nearest-training-copy error ≈ 0.012 per-pixel MSE at 14 × 14, chance 0.147):
 * - σ² = 0.05, lr 1e-3, weight decay 0.1: standard init fits (train 0.98 by step 2,000), held-out
 *   0.59; α = 8 had not fitted (train 0.13, |w| 89 from 117).
 * - σ² = 0.01, lr 3e-3, weight decay 1 (these presets): standard init fits by step 350 and the
 *   held-out score creeps from 0.64 (step 500) to 0.65 (step 4,000); α = 8 first shrinks its norm
 *   (117 → 9 by step 1,000), fits by step 1,900 and reaches held-out 0.61 by step 4,000.
 * - The quick suite (seeds 0–2, 2 threads, 2,000 steps): train ≥ 0.95 at steps 350–400, held-out
 *   0.636–0.647 at the end against chance 0.15–0.18; so quick stops at 1,000 steps, where the
 *   held-out score has been flat for 500 (0.638 → 0.645 over the next 1,000 in seed 0).
 * Neither groks within these budgets: the phase is memorization. Chosen on seeds 0–2 (their runs in
 * results/tuning.json); the committed baseline's untuned seeds 3–7 agree: 5/5 memorization,
 * held-out 0.62–0.64. A third of the held-out digits
 * stay farther than ε from their reconstruction while every training digit is within it; the
 * large init delays the fit and the held-out rise together instead of opening a gap between them.
 * Those figures are the reconstruction score. Scored by density (docs/vae.md; K = 64 draws from q,
 * a lower bound in expectation, so the score is conservative), tuning seed 1001: quick fits by
 * step 181 with held-out 0.84, then 0.944 at 1,000 (0.949 at K = 256, 0.961 with a 1.5× wider
 * proposal), the train − held-out density gap growing to 46 nats; the same model trained on the
 * held-out digits too (`data.ceiling`) scores 1.000 on them: the ceiling.
 */
const base = {
  data: { trainImages: 1000, heldoutImages: 1000, downsample: 2, tolerance: 0.5 },
  objective: { beta: 1, pixelVariance: 0.01 },
  optimizer: { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, warmupSteps: 0 },
  filter: null,
  batchSize: null,
  evaluation: { densitySamples: 64, proposalScale: 1 },
  evalEvery: 100,
  patience: 200,
};

const model = (initScale: number) => ({ kind: 'vae-mlp', hidden: 200, depth: 1, latent: 16, activation: 'relu', initScale });

export const standardInit: Preset = {
  description: 'VAE (MLP, hidden 200, latent 16) of 1,000 digits at 14×14, nn.Linear’s init, AdamW lr 3e-3, weight decay 1, 1,000 steps',
  source: SOURCE,
  config: { ...base, model: model(1), steps: 1_000 },
};

/**
 * Omnigrok's regime (Liu et al. 2023 §3: a large initialization whose norm weight decay shrinks
 * slowly, 1,000 training images so memorization can come first): α = 8 with lr 1e-3 and weight
 * decay 0.1, so AdamW's decay (1 − lr·wd per step) takes the norm from 116 down over 10⁴ steps
 * rather than the 1,000 of `large-init`. One pilot, tuning seed 1001 (density scores, K = 64):
 * the norm fell 116 → 49 by step 10,000 and 45.6 at 20,000; train fit at step 4,107, held-out
 * 0.55 → 0.72 by step 6,000 and flat after (0.724 at 20,000), the train − held-out density gap
 * widening 79 → 99 nats: memorization. Measured results: docs/vae.md.
 */
export const omnigrok: Preset = {
  description: 'Omnigrok’s regime: init scaled by α = 8, AdamW lr 1e-3, weight decay 0.1 (the norm decays over 10⁴ steps), 20,000 steps',
  source: SOURCE,
  config: { ...base, model: model(8), optimizer: { ...base.optimizer, lr: 1e-3, weightDecay: 0.1 }, steps: 20_000, evalEvery: 200 },
};

export const largeInit: Preset = {
  description: 'the quick preset with every parameter’s init scaled by α = 8 (Omnigrok), 4,000 steps',
  source: SOURCE,
  config: { ...base, model: model(8), steps: 4_000 },
};
