import { add, exp, mul, slice, square, sub, sum, type Tensor } from '@grokbench/graph';

/** The encoder's diagonal Gaussian q(z | x) = N(μ, diag(exp(log σ²))), rows [B, latent]. */
export interface GaussianPosterior {
  mu: Tensor;
  logVar: Tensor;
}

/**
 * Reads μ and log σ² from an encoder output [B, 2·latent] (μ first). One linear layer produces
 * both, as in Kingma & Welling 2014, so the posterior costs a single matmul.
 */
export function gaussianPosterior(encoded: Tensor, latent: number): GaussianPosterior {
  const axis = encoded.rank - 1;
  if (encoded.shape[axis] !== 2 * latent) throw new Error(`gaussianPosterior: expected ${2 * latent} encoder outputs, got ${encoded}`);
  return { mu: slice(encoded, axis, 0, latent), logVar: slice(encoded, axis, latent, 2 * latent) };
}

/**
 * z = μ + σ·ε with σ = exp(½·log σ²). The standard-normal noise ε is an input of the graph (fed by
 * the experiment's `nextBatch` from the run's seeded stream), so a step is a pure function of its
 * feeds: gradients flow through μ and σ, and a resumed run draws exactly the same ε.
 */
export function reparameterize(posterior: GaussianPosterior, noise: Tensor): Tensor {
  return add(posterior.mu, mul(exp(mul(posterior.logVar, 0.5)), noise));
}

/** The mean of q(z | x): the deterministic latent the evaluations use. */
export function posteriorMean(posterior: GaussianPosterior): Tensor {
  return posterior.mu;
}

/** KL(q(z | x) ‖ N(0, I)) per row [B], in closed form: ½ Σ (μ² + σ² − log σ² − 1). */
export function gaussianKl(posterior: GaussianPosterior): Tensor {
  const { mu, logVar } = posterior;
  const perDimension = sub(add(square(mu), exp(logVar)), add(logVar, 1));
  return mul(sum(perDimension, mu.rank - 1), 0.5);
}

/**
 * The posterior with every σ multiplied by `scale` (log σ² + 2 ln scale): a wider importance
 * proposal. A proposal narrower than the posterior it stands in for makes the importance weights
 * heavy-tailed and the estimate converge slowly in K; a β-VAE's q is such a proposal for β < 1.
 */
export function widenedPosterior(posterior: GaussianPosterior, scale: number): GaussianPosterior {
  if (!(scale > 0)) throw new Error(`widenedPosterior: scale must be positive, got ${scale}`);
  return scale === 1 ? posterior : { mu: posterior.mu, logVar: add(posterior.logVar, 2 * Math.log(scale)) };
}
