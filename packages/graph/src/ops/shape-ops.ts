import { GraphError, normalizeAxis, numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  return a.graph.apply('MatMul', [a, b]);
}

/** Reshape; one dimension may be −1 and is inferred. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.map((d) => (d === -1 ? numel(x.shape) / Math.max(1, numel(known)) : d));
  if (shape.filter((d) => d === -1).length > 1) throw new GraphError(`Reshape: more than one -1 in [${shape}]`);
  return x.graph.apply('Reshape', [x], { shape: inferred });
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  return x.graph.apply('Transpose', [x], { perm: [...p] });
}

/** Swaps the last two axes: the transpose a batched matmul needs. */
export function transposeLast2(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return transpose(x, perm);
}

export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new GraphError('Concat: no inputs');
  return tensors[0].graph.apply('Concat', tensors, { axis });
}

/** x[start:end] along `axis` (step 1). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  return x.graph.apply('Slice', [x], { axes: [normalizeAxis('Slice', axis, x.rank)], starts: [start], ends: [end] });
}

/** Zero padding: `pads` is [begin_0, …, begin_{r−1}, end_0, …, end_{r−1}] as in ONNX. */
export function pad(x: Tensor, pads: readonly number[]): Tensor {
  return x.graph.apply('Pad', [x], { pads: [...pads] });
}

export function expand(x: Tensor, shape: Shape): Tensor {
  return x.graph.apply('Expand', [x], { shape: [...shape] });
}

/** Rows of `table` picked by int32 `indices` along `axis` (an embedding lookup for axis 0). */
export function gather(table: Tensor, indices: Tensor, axis = 0): Tensor {
  return table.graph.apply('Gather', [table, indices], { axis });
}
