import type { Tensor } from '../tensor.js';

type Axes = number | readonly number[];

const axesOf = (x: Tensor, axes?: Axes) =>
  axes === undefined ? x.shape.map((_, i) => i) : typeof axes === 'number' ? [axes] : [...axes];

/** Sum over `axes` (all axes when omitted). */
export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return x.graph.apply('ReduceSum', [x], { axes: axesOf(x, axes), keepDims });
}

export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return x.graph.apply('ReduceMean', [x], { axes: axesOf(x, axes), keepDims });
}

export function max(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return x.graph.apply('ReduceMax', [x], { axes: axesOf(x, axes), keepDims });
}

/** Index of the largest value along `axis`, as int32; ties go to the first. */
export function argmax(x: Tensor, axis = -1, keepDims = false): Tensor {
  return x.graph.apply('ArgMax', [x], { axis, keepDims });
}

export function softmax(x: Tensor, axis = -1): Tensor {
  return x.graph.apply('Softmax', [x], { axis });
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return x.graph.apply('LogSoftmax', [x], { axis });
}
