import { add, exp, log, max, mul, reshape, square, sub, sum, type Tensor } from '@grokbench/graph';
import { reparameterize, type GaussianPosterior } from './gaussian-latent.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; μ, diag(σ²)) per row, summed over the last axis: −½ Σ ((z − μ)²/σ² + log σ² + log 2π). */
export function diagonalGaussianLogDensity(z: Tensor, posterior: GaussianPosterior): Tensor {
  const { mu, logVar } = posterior;
  const perDimension = add(add(mul(square(sub(z, mu)), exp(mul(logVar, -1))), logVar), LOG_2PI);
  return mul(sum(perDimension, z.rank - 1), -0.5);
}

/** log N(z; 0, I) per row, summed over the last axis. */
export function standardNormalLogDensity(z: Tensor): Tensor {
  return mul(sum(add(square(z), LOG_2PI), z.rank - 1), -0.5);
}

/** log((1/K) Σ_k e^{w_k}) over axis 0 of [K, …], stabilized by the maximum over k. */
export function logMeanExp(logWeights: Tensor): Tensor {
  const samples = logWeights.shape[0];
  const peak = max(logWeights, [0], true);
  const centred = log(sum(exp(sub(logWeights, peak)), [0]));
  return sub(add(centred, reshape(peak, centred.shape)), Math.log(samples));
}

/** What the estimator needs of a model: its posterior for the rows, and log p(x | z) of K latents per row. */
export interface ImportanceWeightedSpec {
  /** q(z | x) for the B rows, [B, latent]: the proposal (any q is valid; a better one needs fewer samples). */
  posterior: GaussianPosterior;
  /** Standard-normal noise [K, B, latent]: K proposal draws per row (a constant in an evaluation graph). */
  noise: Tensor;
  /**
   * log p(x_b | z) for latents [K·B, latent], row k·B + b holding the k-th draw for row b: returns
   * [K·B], or [K·B, C] to score C candidate inputs x_{b,c} per row with the same draws (each
   * candidate then gets its own estimate; the proposal must cover all of them). `rows` (int32
   * [K·B], each latent's b) gathers the caller's targets into that layout.
   */
  logLikelihood: (latents: Tensor, rows: Tensor) => Tensor;
}

/**
 * The log importance weights log p(x | z_k) + log p(z_k) − log q(z_k | x), z_k ~ q(z | x):
 * [K, B] (or [K, B, C] with candidates). Their mean over k is the ELBO at β = 1 estimated from the
 * K draws; their log-mean-exp is the IWAE estimate.
 */
export function importanceLogWeights(spec: ImportanceWeightedSpec): Tensor {
  const { posterior, noise } = spec;
  const [samples, batch, latent] = noise.shape;
  if (posterior.mu.shape[0] !== batch || posterior.mu.shape[1] !== latent) {
    throw new Error(`importanceLogWeights: noise ${noise} does not match the posterior ${posterior.mu}`);
  }
  // [K, B, L]: the posterior's μ and log σ² broadcast over the K draws.
  const z = reparameterize(posterior, noise);
  const flat = reshape(z, [samples * batch, latent]);
  const rowOfLatent = Int32Array.from({ length: samples * batch }, (_, i) => i % batch);
  const rows = noise.graph.constant(`iwae_rows_${samples}x${batch}_${noise.graph.nodes.length}`, rowOfLatent, [samples * batch], 'int32');
  const perLatent = spec.logLikelihood(flat, rows);
  const candidates = perLatent.shape.slice(1);
  const logLikelihood = reshape(perLatent, [samples, batch, ...candidates]);
  // The prior-over-proposal ratio is the same for every candidate: [K, B, 1…] broadcasts over them.
  const logRatio = sub(standardNormalLogDensity(z), diagonalGaussianLogDensity(z, posterior));
  return add(logLikelihood, reshape(logRatio, [samples, batch, ...candidates.map(() => 1)]));
}

/**
 * The importance-weighted estimate of log p(x) per row [B] (or [B, C]) (Burda et al. 2016, IWAE):
 * log (1/K) Σ_k p(x | z_k) p(z_k) / q(z_k | x), z_k ~ q(z | x). It is a lower bound on log p(x) in
 * expectation for every K, K = 1 is the ELBO (at β = 1), it does not decrease in expectation as K
 * grows, and it converges to log p(x) as K → ∞ — a density, unlike a β-weighted ELBO or a score at
 * z = μ.
 */
export function importanceWeightedLogMarginal(spec: ImportanceWeightedSpec): Tensor {
  return logMeanExp(importanceLogWeights(spec));
}
