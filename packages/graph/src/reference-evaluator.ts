import { ancestors } from './graph.js';
import type { OpType } from './ops/op-types.js';
import { GraphError, normalizeAxis, numel, stridesOf, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * An independent float64 interpreter of graphs, with ONNX semantics for every primitive. It shares
 * no code with autodiff or the engines, so tests can use it as the reference for both (finite
 * differences in float64 need far more precision than a float32 engine gives).
 */

/** Values for inputs and params, by tensor or by name. */
export type ReferenceFeeds = ReadonlyMap<Tensor, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;

type Evaluate = (node: Tensor, xs: Float64Array[]) => Float64Array;

/**
 * Visits every index of `shape` in row-major order. `visit` gets the flat output index and, for
 * each operand, its flat offset under that operand's per-axis `strides` (0 repeats it along an
 * axis), starting from `bases`.
 */
export function forEachStrided(
  shape: Shape,
  strides: readonly (readonly number[])[],
  visit: (flat: number, offsets: readonly number[]) => void,
  bases: readonly number[] = strides.map(() => 0),
): void {
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  const offsets = [...bases];
  const total = numel(shape);
  for (let flat = 0; flat < total; flat++) {
    visit(flat, offsets);
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      for (let k = 0; k < offsets.length; k++) offsets[k] += strides[k][axis];
      if (index[axis] < shape[axis]) break;
      for (let k = 0; k < offsets.length; k++) offsets[k] -= strides[k][axis] * shape[axis];
      index[axis] = 0;
    }
  }
}

/** Strides that read a `from`-shaped array as if numpy-broadcast to `to`. */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const own = stridesOf(from);
  const offset = to.length - from.length;
  return to.map((_, i) => (i < offset || from[i - offset] === 1 ? 0 : own[i - offset]));
}

/** Evaluates `outputs` in float64; int32 and bool values come back as numbers (bool as 0/1). */
export function evaluateReference(outputs: readonly Tensor[], feeds: ReferenceFeeds = {}): Float64Array[] {
  const values = new Map<Tensor, Float64Array>();
  for (const node of ancestors(outputs)) {
    values.set(node, node.op ? EVALUATORS[node.op](node, node.inputs.map((t) => values.get(t)!)) : leafValue(node, feeds));
  }
  return outputs.map((t) => values.get(t)!);
}

function leafValue(t: Tensor, feeds: ReferenceFeeds): Float64Array {
  const data = t.kind === 'const' ? t.graph.constData.get(t) : feedFor(t, feeds);
  if (!data) throw new GraphError(`evaluateReference: no value fed for ${t.kind} ${t}`);
  if (data.length !== numel(t.shape)) {
    throw new GraphError(`evaluateReference: ${data.length} values fed for ${t}`);
  }
  return Float64Array.from(data);
}

function feedFor(t: Tensor, feeds: ReferenceFeeds): ArrayLike<number> | undefined {
  if (feeds instanceof Map) return feeds.get(t);
  return (feeds as Readonly<Record<string, ArrayLike<number>>>)[t.name];
}

/** Applies `fn` elementwise over the node's inputs, numpy-broadcast to the node's shape. */
function broadcastMap(node: Tensor, xs: Float64Array[], fn: (args: readonly number[]) => number): Float64Array {
  const out = new Float64Array(numel(node.shape));
  const args = new Array<number>(xs.length);
  const strides = node.inputs.map((t) => broadcastStrides(t.shape, node.shape));
  forEachStrided(node.shape, strides, (flat, offsets) => {
    for (let k = 0; k < xs.length; k++) args[k] = xs[k][offsets[k]];
    out[flat] = fn(args);
  });
  return out;
}

const binary = (fn: (a: number, b: number) => number): Evaluate => (node, xs) =>
  broadcastMap(node, xs, ([a, b]) => fn(a, b));

/** Integer arithmetic wraps to 32 bits and divides toward zero, as ONNX runtimes do for int32. */
const arithmetic = (float: (a: number, b: number) => number, int: (a: number, b: number) => number): Evaluate =>
  (node, xs) => binary(node.dtype === 'int32' ? int : float)(node, xs);

const unary = (fn: (x: number) => number): Evaluate => (_node, [x]) => x.map(fn);

const comparison = (fn: (a: number, b: number) => boolean): Evaluate => binary((a, b) => (fn(a, b) ? 1 : 0));

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf to about 1e-15: erf(x) = 2/√π · e^(−x²) · Σ_n 2^n x^(2n+1) / (1·3·…·(2n+1)). Every term is
 * positive, so unlike the alternating Taylor series it loses no digits to cancellation.
 */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (Number.isNaN(x)) return NaN;
  if (ax >= 6) return Math.sign(x); // 1 − erf(6) ≈ 2e-17, below float64 resolution at 1
  const twoX2 = 2 * ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

function matmul(node: Tensor, [a, b]: Float64Array[]): Float64Array {
  const [sa, sb] = node.inputs.map((t) => t.shape);
  const [m, k] = sa.slice(-2);
  const n = sb[sb.length - 1];
  const batch = node.shape.slice(0, -2);
  const aStrides = broadcastStrides(sa.slice(0, -2), batch).map((s) => s * m * k);
  const bStrides = broadcastStrides(sb.slice(0, -2), batch).map((s) => s * k * n);
  const out = new Float64Array(numel(node.shape));
  forEachStrided(batch, [aStrides, bStrides], (flat, [ao, bo]) => {
    const oo = flat * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
        out[oo + i * n + j] = s;
      }
    }
  });
  return out;
}

/** Calls `visit` once per lane along `axis`: its first offset, the step between elements and the lane index. */
function forEachLane(shape: Shape, axis: number, visit: (base: number, step: number, lane: number) => void): void {
  const strides = stridesOf(shape);
  const outer = shape.map((d, i) => (i === axis ? 1 : d));
  forEachStrided(outer, [strides], (lane, [base]) => visit(base, strides[axis], lane));
}

function softmaxLike(logOutput: boolean): Evaluate {
  return (node, [x]) => {
    const axis = normalizeAxis('Softmax', node.attrs.axis as number, node.rank);
    const len = node.shape[axis];
    const out = new Float64Array(x.length);
    forEachLane(node.shape, axis, (base, step) => {
      let top = -Infinity;
      for (let j = 0; j < len; j++) top = Math.max(top, x[base + j * step]);
      let total = 0;
      for (let j = 0; j < len; j++) total += Math.exp(x[base + j * step] - top);
      for (let j = 0; j < len; j++) {
        const shifted = x[base + j * step] - top;
        out[base + j * step] = logOutput ? shifted - Math.log(total) : Math.exp(shifted) / total;
      }
    });
    return out;
  };
}

function reduce(init: number, combine: (acc: number, v: number) => number, mean = false): Evaluate {
  return (node, [x]) => {
    const input = node.inputs[0];
    const axes = (node.attrs.axes as number[]).map((a) => normalizeAxis('Reduce', a, input.rank));
    const keptShape = input.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const toOut = stridesOf(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
    const out = new Float64Array(numel(keptShape)).fill(init);
    forEachStrided(input.shape, [toOut], (flat, [o]) => {
      out[o] = combine(out[o], x[flat]);
    });
    const count = numel(input.shape) / out.length;
    return mean ? out.map((v) => v / count) : out;
  };
}

function argMax(node: Tensor, [x]: Float64Array[]): Float64Array {
  const input = node.inputs[0];
  const axis = normalizeAxis('ArgMax', node.attrs.axis as number, input.rank);
  const out = new Float64Array(numel(node.shape));
  forEachLane(input.shape, axis, (base, step, lane) => {
    let best = 0;
    for (let j = 1; j < input.shape[axis]; j++) if (x[base + j * step] > x[base + best * step]) best = j;
    out[lane] = best;
  });
  return out;
}

function transpose(node: Tensor, [x]: Float64Array[]): Float64Array {
  const own = stridesOf(node.inputs[0].shape);
  const strides = (node.attrs.perm as number[]).map((p) => own[p]);
  const out = new Float64Array(x.length);
  forEachStrided(node.shape, [strides], (flat, [o]) => {
    out[flat] = x[o];
  });
  return out;
}

/** Copies `x` (of `shape`) into `out` (of `outShape`) starting at per-axis `corner`. */
function place(out: Float64Array, outShape: Shape, x: Float64Array, shape: Shape, corner: readonly number[]): void {
  const strides = stridesOf(outShape);
  const base = corner.reduce((acc, c, i) => acc + c * strides[i], 0);
  forEachStrided(shape, [strides], (flat, [o]) => {
    out[o] = x[flat];
  }, [base]);
}

function concat(node: Tensor, xs: Float64Array[]): Float64Array {
  const axis = normalizeAxis('Concat', node.attrs.axis as number, node.rank);
  const out = new Float64Array(numel(node.shape));
  let offset = 0;
  node.inputs.forEach((t, i) => {
    place(out, node.shape, xs[i], t.shape, node.shape.map((_, a) => (a === axis ? offset : 0)));
    offset += t.shape[axis];
  });
  return out;
}

function slice(node: Tensor, [x]: Float64Array[]): Float64Array {
  const input = node.inputs[0];
  const strides = stridesOf(input.shape);
  const starts = node.attrs.starts as number[];
  const base = (node.attrs.axes as number[]).reduce(
    (acc, axis, i) => acc + starts[i] * strides[normalizeAxis('Slice', axis, input.rank)],
    0,
  );
  const out = new Float64Array(numel(node.shape));
  forEachStrided(node.shape, [strides], (flat, [o]) => {
    out[flat] = x[o];
  }, [base]);
  return out;
}

function pad(node: Tensor, [x]: Float64Array[]): Float64Array {
  const out = new Float64Array(numel(node.shape));
  const input = node.inputs[0];
  place(out, node.shape, x, input.shape, (node.attrs.pads as number[]).slice(0, input.rank));
  return out;
}

function gather(node: Tensor, [table, indices]: Float64Array[]): Float64Array {
  const shape = node.inputs[0].shape;
  const axis = normalizeAxis('Gather', node.attrs.axis as number, shape.length);
  const inner = numel(shape.slice(axis + 1));
  const outer = numel(shape.slice(0, axis));
  const dim = shape[axis];
  const out = new Float64Array(numel(node.shape));
  let o = 0;
  for (let u = 0; u < outer; u++) {
    for (const raw of indices) {
      const index = raw < 0 ? raw + dim : raw;
      if (!(index >= 0 && index < dim)) throw new GraphError(`Gather: index ${raw} is out of range for axis of ${dim}`);
      const from = (u * dim + index) * inner;
      for (let v = 0; v < inner; v++) out[o++] = table[from + v];
    }
  }
  return out;
}

function castTo(node: Tensor, [x]: Float64Array[]): Float64Array {
  switch (node.attrs.to) {
    case 'int32':
      return x.map((v) => Math.trunc(v) | 0);
    case 'bool':
      return x.map((v) => (v !== 0 ? 1 : 0));
    default:
      return x.slice();
  }
}

const EVALUATORS: Record<OpType, Evaluate> = {
  MatMul: matmul,
  Add: arithmetic((a, b) => a + b, (a, b) => (a + b) | 0),
  Sub: arithmetic((a, b) => a - b, (a, b) => (a - b) | 0),
  Mul: arithmetic((a, b) => a * b, Math.imul),
  Div: arithmetic((a, b) => a / b, (a, b) => Math.trunc(a / b) | 0),
  Min: binary(Math.min),
  Max: binary(Math.max),
  Neg: (node, [x]) => x.map((v) => (node.dtype === 'int32' ? -v | 0 : -v)),
  Exp: unary(Math.exp),
  Log: unary(Math.log),
  Sqrt: unary(Math.sqrt),
  Relu: unary((v) => Math.max(0, v)),
  Sigmoid: unary(sigmoid),
  Tanh: unary(Math.tanh),
  Erf: unary(erf64),
  PowConst: (node, [x]) => x.map((v) => Math.pow(v, node.attrs.exponent as number)),
  Softmax: softmaxLike(false),
  LogSoftmax: softmaxLike(true),
  ReduceSum: reduce(0, (acc, v) => acc + v),
  ReduceMean: reduce(0, (acc, v) => acc + v, true),
  ReduceMax: reduce(-Infinity, Math.max),
  ArgMax: argMax,
  Reshape: (_node, [x]) => x.slice(),
  Transpose: transpose,
  Concat: concat,
  Slice: slice,
  Pad: pad,
  Expand: (node, xs) => broadcastMap(node, xs, ([v]) => v),
  Gather: gather,
  Where: (node, xs) => broadcastMap(node, xs, ([c, a, b]) => (c !== 0 ? a : b)),
  Equal: comparison((a, b) => a === b),
  Greater: comparison((a, b) => a > b),
  Less: comparison((a, b) => a < b),
  Cast: castTo,
};
