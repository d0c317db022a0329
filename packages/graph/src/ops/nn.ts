import { GraphError, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, cast, div, equal, exp, greater, less, log, minimum, mul, neg, sqrt, square, sub, where } from './elementwise.js';
import { matmul, reshape } from './shape-ops.js';
import { argmax, logSoftmax, max, mean, sum } from './reductions.js';

/** Layer normalization over the last axis with learned gain and bias (PyTorch's nn.LayerNorm). */
export function layerNorm(x: Tensor, gain: Tensor | null, bias: Tensor | null, eps = 1e-5): Tensor {
  const centered = sub(x, mean(x, -1, true));
  const variance = mean(square(centered), -1, true);
  let y = div(centered, sqrt(add(variance, eps)));
  if (gain) y = mul(y, gain);
  if (bias) y = add(y, bias);
  return y;
}

/** x·W (+ b) for x of shape [..., in] and W of shape [in, out]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const y = matmul(x, weight);
  return bias ? add(y, bias) : y;
}

/** One-hot float32 rows for int32 `labels`: compares each label with the constant 0..depth−1. */
export function oneHot(labels: Tensor, depth: number): Tensor {
  const g = labels.graph;
  const classes = g.constant(`classes_${depth}_${g.nodes.length}`, Int32Array.from({ length: depth }, (_, i) => i), [depth], 'int32');
  return cast(equal(reshape(labels, [...labels.shape, 1]), classes), 'float32');
}

function checkLabels(op: string, logits: Tensor, labels: Tensor): void {
  const ok =
    labels.dtype === 'int32' &&
    labels.rank === logits.rank - 1 &&
    labels.shape.every((d, i) => d === logits.shape[i]);
  if (!ok) throw new GraphError(`${op}: labels ${labels} do not match logits ${formatShape(logits.shape)} (int32 labels, one per row)`);
}

/** Per row, log-softmax at the label (`isLabel`: the labels one-hot), in float32 as PyTorch takes it. */
const logProbAtLabel = (logits: Tensor, isLabel: Tensor) => sum(mul(logSoftmax(logits, -1), isLabel), -1);

/** Mean cross-entropy between logits [..., classes] and int32 labels [...]. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  checkLabels('crossEntropy', logits, labels);
  return neg(mean(logProbAtLabel(logits, oneHot(labels, logits.shape[logits.rank - 1]))));
}

/**
 * Below this, log(1 + s) is taken as s − s²/2 + s³/3: in float32 1 + s rounds to 1 for s under
 * 6e-8, and the series is exact to float32 well before its terms stop mattering.
 */
const LOG1P_SERIES_BELOW = 1e-4;

/**
 * Mean cross-entropy like `crossEntropy`, computed so that it does not cancel once the model is
 * confident. In float32, log-softmax at the label is l_y − logsumexp(l), which rounds to exactly 0
 * once Σ_{j≠y} p_j falls under half an ulp of 1 (≈ 6e-8); its gradient p_y − 1 then rounds to 0 for
 * the correct class while the other classes keep their tiny p_j, so the step no longer balances
 * and weight decay acts unopposed (Prieto et al. 2025, "Grokking at the edge of numerical
 * stability"). Here, per row, with s = Σ_{j≠y} e^{l_j − l_y}: the loss is log(1 + s) — by a series
 * where s is small — and the correct class's gradient is −s/(1 + s), built from the small terms
 * themselves, as a float64 loss would give. A row whose label is not the largest logit (s ≥ 1
 * somewhere) takes the log-softmax form, which is exact there and cannot overflow.
 */
export function stableCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  checkLabels('stableCrossEntropy', logits, labels);
  const classes = logits.shape[logits.rank - 1];
  const isLabel = oneHot(labels, classes);
  const others = sub(1, isLabel);
  const margins = sub(logits, sum(mul(logits, isLabel), -1, true)); // l_j − l_y; 0 at the label
  // Clamped at 0 so e^{margin} cannot overflow in a row that takes the other form.
  const s = sum(mul(exp(minimum(margins, 0)), others), -1);
  const series = mul(s, add(1, mul(s, add(-0.5, mul(s, 1 / 3)))));
  const confident = where(less(s, LOG1P_SERIES_BELOW), series, log(add(1, s)));
  const plain = neg(logProbAtLabel(logits, isLabel));
  // A row where some other class's logit exceeds the label's: margins > 0 there.
  const labelNotLargest = greater(max(sub(margins, mul(isLabel, 1e30)), -1), 0);
  return mean(where(labelNotLargest, plain, confident));
}

/** Fraction of rows whose largest logit is the label (no gradient). */
export function accuracy(logits: Tensor, labels: Tensor): Tensor {
  checkLabels('accuracy', logits, labels);
  return mean(cast(equal(argmax(logits, -1), labels), 'float32'));
}

/** Mean squared error over every element. */
export function mse(prediction: Tensor, target: Tensor): Tensor {
  return mean(square(sub(prediction, target)));
}
