import { GraphError, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, cast, div, equal, mul, neg, sqrt, square, sub } from './elementwise.js';
import { matmul, reshape } from './shape-ops.js';
import { argmax, logSoftmax, mean, sum } from './reductions.js';

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

/** Mean cross-entropy between logits [..., classes] and int32 labels [...]. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  checkLabels('crossEntropy', logits, labels);
  const picked = sum(mul(logSoftmax(logits, -1), oneHot(labels, logits.shape[logits.rank - 1])), -1);
  return neg(mean(picked));
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
