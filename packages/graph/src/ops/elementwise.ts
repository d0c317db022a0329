import { GraphError } from '../shape.js';
import type { DType, Tensor } from '../tensor.js';

/** A tensor, or a plain number taken as a scalar of the other operand's dtype. */
export type Operand = Tensor | number;

function pair(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new GraphError(`${op}: at least one operand must be a tensor`);
  const ref = (typeof a === 'number' ? b : a) as Tensor;
  const lift = (x: Operand) => (typeof x === 'number' ? ref.graph.scalar(x, ref.dtype) : x);
  return [lift(a), lift(b)];
}

export const add = (a: Operand, b: Operand) => binary('Add', a, b);
export const sub = (a: Operand, b: Operand) => binary('Sub', a, b);
export const mul = (a: Operand, b: Operand) => binary('Mul', a, b);
export const div = (a: Operand, b: Operand) => binary('Div', a, b);
export const minimum = (a: Operand, b: Operand) => binary('Min', a, b);
export const maximum = (a: Operand, b: Operand) => binary('Max', a, b);
export const equal = (a: Operand, b: Operand) => binary('Equal', a, b);
export const greater = (a: Operand, b: Operand) => binary('Greater', a, b);
export const less = (a: Operand, b: Operand) => binary('Less', a, b);

function binary(op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Min' | 'Max' | 'Equal' | 'Greater' | 'Less', a: Operand, b: Operand) {
  const [x, y] = pair(op, a, b);
  return x.graph.apply(op, [x, y]);
}

export const neg = (x: Tensor) => x.graph.apply('Neg', [x]);
export const exp = (x: Tensor) => x.graph.apply('Exp', [x]);
export const log = (x: Tensor) => x.graph.apply('Log', [x]);
export const sqrt = (x: Tensor) => x.graph.apply('Sqrt', [x]);
export const relu = (x: Tensor) => x.graph.apply('Relu', [x]);
export const sigmoid = (x: Tensor) => x.graph.apply('Sigmoid', [x]);
export const tanh = (x: Tensor) => x.graph.apply('Tanh', [x]);
export const erf = (x: Tensor) => x.graph.apply('Erf', [x]);

/** x raised to a constant power. */
export function pow(x: Tensor, exponent: number): Tensor {
  return x.graph.apply('PowConst', [x], { exponent });
}

export const square = (x: Tensor) => mul(x, x);

/** Exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)), as PyTorch's nn.GELU() computes it. */
export function gelu(x: Tensor): Tensor {
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  const [a, b] = pair('Where', x, y);
  return cond.graph.apply('Where', [cond, a, b]);
}

export function cast(x: Tensor, to: DType): Tensor {
  return x.dtype === to ? x : x.graph.apply('Cast', [x], { to });
}
