import { add, exp, log, logSoftmax, maximum, mul, neg, oneHot, square, sub, sum, type Tensor } from '@grokbench/graph';

/** Sums every axis but the first: per-example totals [B] of an elementwise term. */
function perRow(x: Tensor): Tensor {
  return x.rank === 1 ? x : sum(x, x.shape.slice(1).map((_, i) => i + 1));
}

/**
 * log p(x | logits) per row [B] for categorical variables: logits [B, ..., K], int32 labels
 * [B, ...] (one variable per leading position, summed). The picked log-probability uses the graph's
 * comparison-based `oneHot`, not the OneHot op, which not every engine implements.
 */
export function categoricalLogLikelihood(logits: Tensor, labels: Tensor): Tensor {
  if (labels.dtype !== 'int32' || labels.rank !== logits.rank - 1) throw new Error(`categoricalLogLikelihood: labels ${labels} do not match logits ${logits}`);
  return perRow(mul(logSoftmax(logits, -1), oneHot(labels, logits.shape[logits.rank - 1])));
}

/**
 * log p(x | logits) per row [B] for binary (or [0, 1]-valued) targets:
 * Σ t·ℓ − softplus(ℓ), with softplus(ℓ) = max(ℓ, 0) + log(1 + e^−|ℓ|) so that no exp overflows.
 */
export function bernoulliLogLikelihood(logits: Tensor, targets: Tensor): Tensor {
  const magnitude = maximum(logits, neg(logits));
  const softplus = add(maximum(logits, 0), log(add(exp(neg(magnitude)), 1)));
  return perRow(sub(mul(targets, logits), softplus));
}

/** log N(x; mean, σ²·I) per row [B] with a fixed variance σ²: −½ Σ ((x − m)²/σ² + log 2πσ²). */
export function gaussianLogLikelihood(mean: Tensor, targets: Tensor, variance: number): Tensor {
  if (!(variance > 0)) throw new Error(`gaussianLogLikelihood: variance must be positive, got ${variance}`);
  const perElement = add(mul(square(sub(targets, mean)), 1 / variance), Math.log(2 * Math.PI * variance));
  return mul(perRow(perElement), -0.5);
}
