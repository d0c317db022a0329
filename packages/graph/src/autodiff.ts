import { ancestors } from './graph.js';
import { add, cast, div, exp, greater, less, mul, neg, sub, where } from './ops/elementwise.js';
import type { OpType } from './ops/op-types.js';
import { expand, matmul, reshape, transpose, transposeLast2 } from './ops/shape-ops.js';
import { sum } from './ops/reductions.js';
import { oneHot } from './ops/nn.js';
import { GraphError, broadcastAxes, normalizeAxis, numel, sameShape, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** An input's gradient, or a function building it: called only for inputs on a path to `wrt`. */
type InputGradient = Tensor | (() => Tensor) | null;

/** Gradients for a node's inputs given the gradient of its output; null where an input gets none. */
type VectorJacobianProduct = (node: Tensor, grad: Tensor) => InputGradient[];

/** Sums a gradient over the axes broadcasting stretched, giving it `shape` again. */
export function unbroadcast(grad: Tensor, shape: Shape): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const axes = broadcastAxes(shape, grad.shape);
  const summed = axes.length ? sum(grad, axes, true) : grad;
  return sameShape(summed.shape, shape) ? summed : reshape(summed, shape);
}

const zero = (t: Tensor) => t.graph.scalar(0);
const noGradient: VectorJacobianProduct = (node) => node.inputs.map(() => null);

function reducedKeepShape(node: Tensor): number[] {
  const [x] = node.inputs;
  const axes = (node.attrs.axes as number[]).map((a) => (a < 0 ? a + x.rank : a));
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function matmulVjp(node: Tensor, g: Tensor): InputGradient[] {
  const [a, b] = node.inputs;
  const ga = () => unbroadcast(matmul(g, transposeLast2(b)), a.shape);
  // A shared 2-D weight under a batched input: fold the batch into rows, one GEMM instead of a batch and a sum.
  if (b.rank === 2 && a.rank > 2) {
    const k = a.shape[a.rank - 1];
    const n = b.shape[1];
    return [ga, () => matmul(transposeLast2(reshape(a, [-1, k])), reshape(g, [-1, n]))];
  }
  return [ga, () => unbroadcast(matmul(transposeLast2(a), g), b.shape)];
}

function gatherVjp(node: Tensor, g: Tensor): (Tensor | null)[] {
  const [table, indices] = node.inputs;
  if ((node.attrs.axis as number) !== 0) throw new GraphError('Gather: gradients are implemented for axis 0 only');
  // grad[table row r] = sum of g rows whose index is r: a one-hot matrix product, cheap for small vocabularies.
  const rows = table.shape[0];
  const width = numel(table.shape) / rows;
  const index = reshape(indices, [numel(indices.shape)]);
  // Negative indices count from the end, as in the forward Gather.
  const hits = oneHot(where(less(index, 0), add(index, rows), index), rows);
  const flat = reshape(g, [numel(indices.shape), width]);
  return [reshape(matmul(transposeLast2(hits), flat), table.shape), null];
}

function sliceVjp(node: Tensor, g: Tensor): Tensor[] {
  const [x] = node.inputs;
  const pads = new Array<number>(2 * x.rank).fill(0);
  (node.attrs.axes as number[]).forEach((rawAxis, i) => {
    const axis = normalizeAxis('Slice', rawAxis, x.rank);
    pads[axis] = (node.attrs.starts as number[])[i];
    pads[axis + x.rank] = x.shape[axis] - (node.attrs.ends as number[])[i];
  });
  return [g.graph.apply('Pad', [g], { pads })];
}

function padVjp(node: Tensor, g: Tensor): Tensor[] {
  const [x] = node.inputs;
  const pads = node.attrs.pads as number[];
  const axes = x.shape.map((_, i) => i);
  return [g.graph.apply('Slice', [g], { axes, starts: axes.map((i) => pads[i]), ends: axes.map((i) => pads[i] + x.shape[i]) })];
}

function concatVjp(node: Tensor, g: Tensor): InputGradient[] {
  const axis = (node.attrs.axis as number) < 0 ? (node.attrs.axis as number) + node.rank : (node.attrs.axis as number);
  let offset = 0;
  return node.inputs.map((x) => {
    const start = offset;
    offset += x.shape[axis];
    const end = offset;
    return () => g.graph.apply('Slice', [g], { axes: [axis], starts: [start], ends: [end] });
  });
}

function reduceVjp(node: Tensor, g: Tensor, scale: number): Tensor[] {
  const [x] = node.inputs;
  const kept = reshape(g, reducedKeepShape(node));
  return [expand(scale === 1 ? kept : mul(kept, scale), x.shape)];
}

function softmaxAxis(node: Tensor): number {
  return node.attrs.axis as number;
}

const VJPS: Record<OpType, VectorJacobianProduct> = {
  MatMul: matmulVjp,
  Add: (n, g) => [() => unbroadcast(g, n.inputs[0].shape), () => unbroadcast(g, n.inputs[1].shape)],
  Sub: (n, g) => [() => unbroadcast(g, n.inputs[0].shape), () => unbroadcast(neg(g), n.inputs[1].shape)],
  Mul: (n, g) => [
    () => unbroadcast(mul(g, n.inputs[1]), n.inputs[0].shape),
    () => unbroadcast(mul(g, n.inputs[0]), n.inputs[1].shape),
  ],
  Div: (n, g) => {
    const [a, b] = n.inputs;
    return [() => unbroadcast(div(g, b), a.shape), () => unbroadcast(neg(div(mul(g, n), b)), b.shape)];
  },
  // Ties send the whole gradient to the first operand.
  Min: (n, g) => {
    const [a, b] = n.inputs;
    const bWins = greater(a, b);
    return [() => unbroadcast(where(bWins, 0, g), a.shape), () => unbroadcast(where(bWins, g, 0), b.shape)];
  },
  Max: (n, g) => {
    const [a, b] = n.inputs;
    const bWins = less(a, b);
    return [() => unbroadcast(where(bWins, 0, g), a.shape), () => unbroadcast(where(bWins, g, 0), b.shape)];
  },
  Neg: (_n, g) => [neg(g)],
  Exp: (n, g) => [mul(g, n)],
  Log: (n, g) => [div(g, n.inputs[0])],
  Sqrt: (n, g) => [div(mul(g, 0.5), n)],
  Relu: (n, g) => [where(greater(n.inputs[0], 0), g, 0)],
  Sigmoid: (n, g) => [mul(g, mul(n, sub(1, n)))],
  Tanh: (n, g) => [mul(g, sub(1, mul(n, n)))],
  Erf: (n, g) => {
    const x = n.inputs[0];
    return [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))];
  },
  PowConst: (n, g) => {
    const x = n.inputs[0];
    const c = n.attrs.exponent as number;
    const derivative = c === 1 ? null : c === 2 ? mul(x, 2) : mul(x.graph.apply('PowConst', [x], { exponent: c - 1 }), c);
    return [derivative ? mul(g, derivative) : g];
  },
  Softmax: (n, g) => [mul(n, sub(g, sum(mul(g, n), softmaxAxis(n), true)))],
  LogSoftmax: (n, g) => [sub(g, mul(exp(n), sum(g, softmaxAxis(n), true)))],
  ReduceSum: (n, g) => reduceVjp(n, g, 1),
  ReduceMean: (n, g) => reduceVjp(n, g, numel(reducedKeepShape(n)) / numel(n.inputs[0].shape)),
  ReduceMax: (n, g) => {
    const [x] = n.inputs;
    const keep = reducedKeepShape(n);
    const isMax = cast(x.graph.apply('Equal', [x, reshape(n, keep)]), 'float32');
    const share = div(isMax, sum(isMax, n.attrs.axes as number[], true));
    return [mul(share, reshape(g, keep))];
  },
  ArgMax: noGradient,
  Reshape: (n, g) => [reshape(g, n.inputs[0].shape)],
  Transpose: (n, g) => {
    const perm = n.attrs.perm as number[];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [transpose(g, inverse)];
  },
  Concat: concatVjp,
  Slice: sliceVjp,
  Pad: padVjp,
  Expand: (n, g) => [unbroadcast(g, n.inputs[0].shape)],
  Gather: gatherVjp,
  Where: (n, g) => {
    const [c, x, y] = n.inputs;
    return [null, () => unbroadcast(where(c, g, 0), x.shape), () => unbroadcast(where(c, 0, g), y.shape)];
  },
  Equal: noGradient,
  Greater: noGradient,
  Less: noGradient,
  Cast: noGradient,
};

/** Nodes that lie on a path from any of `sources` to `target`. */
function onPath(target: Tensor, sources: readonly Tensor[]): Set<Tensor> {
  const before = ancestors([target]);
  const reached = new Set<Tensor>(sources);
  for (const node of before) {
    if (node.inputs.some((i) => reached.has(i))) reached.add(node);
  }
  return new Set(before.filter((n) => reached.has(n)));
}

/**
 * Reverse-mode gradients of a scalar `loss` with respect to `wrt`, appended to the loss's graph.
 * Only nodes between `wrt` and the loss are differentiated; a value used several times sums its
 * gradients; a `wrt` tensor the loss does not depend on gets zeros.
 */
export function gradients(loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  if (loss.rank !== 0 || loss.dtype !== 'float32') {
    throw new GraphError(`gradients: the loss must be a float32 scalar, got ${loss}`);
  }
  const needed = onPath(loss, wrt);
  const contributions = new Map<Tensor, Tensor[]>([[loss, [loss.graph.scalar(1)]]]);
  const total = (t: Tensor): Tensor | undefined => {
    const parts = contributions.get(t);
    if (!parts) return undefined;
    const summed = parts.reduce((acc, p) => add(acc, p));
    contributions.set(t, [summed]);
    return summed;
  };
  const ordered = [...needed].sort((a, b) => b.id - a.id);
  for (const node of ordered) {
    if (node.op === null) continue;
    const grad = total(node);
    if (!grad) continue;
    const inputGrads = VJPS[node.op](node, grad);
    node.inputs.forEach((input, i) => {
      const gi = inputGrads[i];
      if (!gi || !needed.has(input)) return;
      const list = contributions.get(input) ?? [];
      list.push(typeof gi === 'function' ? gi() : gi);
      contributions.set(input, list);
    });
  }
  return wrt.map((w) => total(w) ?? expand(zero(w), w.shape));
}
