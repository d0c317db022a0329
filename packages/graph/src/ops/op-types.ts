import { GraphError, broadcastShapes, formatShape, normalizeAxis, numel, type Shape } from '../shape.js';
import type { Attrs, DType, Tensor } from '../tensor.js';

/**
 * The primitive ops. Everything else (LayerNorm, GELU, cross-entropy, MSE, one-hot) is composed
 * from these, so autodiff, ONNX export, the float64 reference evaluator and the tfjs interpreter
 * each need one rule per primitive and no more.
 */
export const OP_TYPES = [
  'MatMul',
  'Add', 'Sub', 'Mul', 'Div', 'Min', 'Max',
  'Neg', 'Exp', 'Log', 'Sqrt', 'Relu', 'Sigmoid', 'Tanh', 'Erf', 'PowConst',
  'Softmax', 'LogSoftmax',
  'ReduceSum', 'ReduceMean', 'ReduceMax', 'ArgMax',
  'Reshape', 'Transpose', 'Concat', 'Slice', 'Pad', 'Expand', 'Gather',
  'Where', 'Equal', 'Greater', 'Less', 'Cast',
] as const;

export type OpType = (typeof OP_TYPES)[number];

export interface Inferred {
  shape: number[];
  dtype: DType;
}

interface OpSpec {
  infer(inputs: readonly Tensor[], attrs: Attrs): Inferred;
  /** Floating-point operations to evaluate the node, counting a multiply-add as two. */
  flops(node: Tensor): number;
}

const BINARY_ARITHMETIC = ['Add', 'Sub', 'Mul', 'Div', 'Min', 'Max'] as const;
const UNARY_FLOAT = ['Neg', 'Exp', 'Log', 'Sqrt', 'Relu', 'Sigmoid', 'Tanh', 'Erf'] as const;
const COMPARISONS = ['Equal', 'Greater', 'Less'] as const;

function fail(op: string, message: string): never {
  throw new GraphError(`${op}: ${message}`);
}

function requireDType(op: string, t: Tensor, ...allowed: DType[]): void {
  if (!allowed.includes(t.dtype)) fail(op, `input ${t} must be ${allowed.join(' or ')}`);
}

function requireSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) fail(op, `inputs ${a} and ${b} have different dtypes`);
}

function axesAttr(node: { attrs: Attrs }): number[] {
  return node.attrs.axes as number[];
}

const perElement = (cost: number) => (node: Tensor) => cost * numel(node.shape);
const perInputElement = (node: Tensor) => numel(node.inputs[0].shape);
const free = () => 0;

function inferMatMul([a, b]: readonly Tensor[]): Inferred {
  requireDType('MatMul', a, 'float32');
  requireSameDType('MatMul', a, b);
  if (a.rank < 2 || b.rank < 2) fail('MatMul', `needs rank >= 2, got ${a} and ${b}`);
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) fail('MatMul', `inner dimensions differ: ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  const batch = broadcastShapes('MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { shape: [...batch, m, n], dtype: a.dtype };
}

function inferReduce(op: string, [x]: readonly Tensor[], attrs: Attrs): Inferred {
  const axes = (attrs.axes as number[]).map((a) => normalizeAxis(op, a, x.rank));
  // ONNX reads an empty axes list as "every axis"; refuse it rather than guess which was meant.
  if (axes.length === 0 && x.rank > 0) fail(op, `no axes given for ${x}`);
  if (new Set(axes).size !== axes.length) fail(op, `repeated axis in [${axes}]`);
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return { shape: attrs.keepDims ? shape : shape.filter((_, i) => !axes.includes(i)), dtype: x.dtype };
}

function inferSlice([x]: readonly Tensor[], attrs: Attrs): Inferred {
  const starts = attrs.starts as number[];
  const ends = attrs.ends as number[];
  const shape = [...x.shape];
  (attrs.axes as number[]).forEach((axis, i) => {
    const a = normalizeAxis('Slice', axis, x.rank);
    if (!(starts[i] >= 0 && ends[i] <= x.shape[a] && starts[i] < ends[i])) {
      fail('Slice', `range [${starts[i]}, ${ends[i]}) is empty or outside axis ${a} of ${x}`);
    }
    shape[a] = ends[i] - starts[i];
  });
  return { shape, dtype: x.dtype };
}

function inferReshape([x]: readonly Tensor[], attrs: Attrs): Inferred {
  const shape = attrs.shape as number[];
  if (numel(shape) !== numel(x.shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    fail('Reshape', `cannot reshape ${x} to ${formatShape(shape)}`);
  }
  return { shape: [...shape], dtype: x.dtype };
}

function inferTranspose([x]: readonly Tensor[], attrs: Attrs): Inferred {
  const perm = attrs.perm as number[];
  const sorted = [...perm].sort((p, q) => p - q);
  if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) {
    fail('Transpose', `perm [${perm}] is not a permutation of the axes of ${x}`);
  }
  return { shape: perm.map((p) => x.shape[p]), dtype: x.dtype };
}

function inferConcat(inputs: readonly Tensor[], attrs: Attrs): Inferred {
  const first = inputs[0];
  const axis = normalizeAxis('Concat', attrs.axis as number, first.rank);
  let total = 0;
  for (const t of inputs) {
    requireSameDType('Concat', first, t);
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!ok) fail('Concat', `shapes ${inputs.map((i) => formatShape(i.shape)).join(', ')} differ off axis ${axis}`);
    total += t.shape[axis];
  }
  const shape = [...first.shape];
  shape[axis] = total;
  return { shape, dtype: first.dtype };
}

function inferPad([x]: readonly Tensor[], attrs: Attrs): Inferred {
  const pads = attrs.pads as number[];
  if (pads.length !== 2 * x.rank || pads.some((p) => !Number.isInteger(p) || p < 0)) fail('Pad', `bad pads [${pads}] for ${x}`);
  return { shape: x.shape.map((d, i) => d + pads[i] + pads[i + x.rank]), dtype: x.dtype };
}

function inferExpand([x]: readonly Tensor[], attrs: Attrs): Inferred {
  const target = attrs.shape as number[];
  const shape = broadcastShapes('Expand', x.shape, target);
  if (shape.length !== target.length || shape.some((d, i) => d !== target[i])) {
    fail('Expand', `${x} does not expand to ${formatShape(target)}`);
  }
  return { shape, dtype: x.dtype };
}

function inferGather([table, indices]: readonly Tensor[], attrs: Attrs): Inferred {
  requireDType('Gather', indices, 'int32');
  const axis = normalizeAxis('Gather', attrs.axis as number, table.rank);
  return {
    shape: [...table.shape.slice(0, axis), ...indices.shape, ...table.shape.slice(axis + 1)],
    dtype: table.dtype,
  };
}

function inferWhere([cond, x, y]: readonly Tensor[]): Inferred {
  requireDType('Where', cond, 'bool');
  requireSameDType('Where', x, y);
  const shape = broadcastShapes('Where', broadcastShapes('Where', cond.shape, x.shape), y.shape);
  return { shape, dtype: x.dtype };
}

function binarySpec(op: string): OpSpec {
  return {
    infer([a, b]) {
      requireSameDType(op, a, b);
      if (a.dtype === 'bool') fail(op, `arithmetic on bool tensor ${a}`);
      return { shape: broadcastShapes(op, a.shape, b.shape), dtype: a.dtype };
    },
    flops: perElement(1),
  };
}

const unaryFloat: OpSpec = {
  infer([x]) {
    return { shape: [...x.shape], dtype: x.dtype };
  },
  flops: perElement(1),
};

function comparisonSpec(op: string): OpSpec {
  return {
    infer([a, b]) {
      requireSameDType(op, a, b);
      return { shape: broadcastShapes(op, a.shape, b.shape), dtype: 'bool' };
    },
    flops: perElement(1),
  };
}

const softmaxSpec = (op: string): OpSpec => ({
  infer([x], attrs) {
    requireDType(op, x, 'float32');
    normalizeAxis(op, attrs.axis as number, x.rank);
    return { shape: [...x.shape], dtype: x.dtype };
  },
  // max, subtract, exp, sum, divide (or log): about five operations an element.
  flops: perElement(5),
});

export const OP_SPECS: Record<OpType, OpSpec> = {
  MatMul: {
    infer: inferMatMul,
    flops: (node) => 2 * numel(node.shape) * node.inputs[0].shape[node.inputs[0].rank - 1],
  },
  ...(Object.fromEntries(BINARY_ARITHMETIC.map((op) => [op, binarySpec(op)])) as Record<
    (typeof BINARY_ARITHMETIC)[number],
    OpSpec
  >),
  ...(Object.fromEntries(UNARY_FLOAT.map((op) => [op, unaryFloat])) as Record<(typeof UNARY_FLOAT)[number], OpSpec>),
  PowConst: unaryFloat,
  Softmax: softmaxSpec('Softmax'),
  LogSoftmax: softmaxSpec('LogSoftmax'),
  ReduceSum: { infer: (i, a) => inferReduce('ReduceSum', i, a), flops: perInputElement },
  ReduceMean: { infer: (i, a) => inferReduce('ReduceMean', i, a), flops: perInputElement },
  ReduceMax: { infer: (i, a) => inferReduce('ReduceMax', i, a), flops: perInputElement },
  ArgMax: {
    infer(inputs, attrs) {
      const r = inferReduce('ArgMax', inputs, { axes: [attrs.axis as number], keepDims: attrs.keepDims ?? false });
      return { shape: r.shape, dtype: 'int32' };
    },
    flops: perInputElement,
  },
  Reshape: { infer: inferReshape, flops: free },
  Transpose: { infer: inferTranspose, flops: free },
  Concat: { infer: inferConcat, flops: free },
  Slice: { infer: inferSlice, flops: free },
  Pad: { infer: inferPad, flops: free },
  Expand: { infer: inferExpand, flops: free },
  Gather: { infer: inferGather, flops: free },
  Where: { infer: inferWhere, flops: free },
  ...(Object.fromEntries(COMPARISONS.map((op) => [op, comparisonSpec(op)])) as Record<
    (typeof COMPARISONS)[number],
    OpSpec
  >),
  Cast: {
    infer([x], attrs) {
      return { shape: [...x.shape], dtype: attrs.to as DType };
    },
    flops: free,
  },
};

export { axesAttr };
