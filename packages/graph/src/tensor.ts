import type { Graph } from './graph.js';
import type { OpType } from './ops/op-types.js';
import type { Shape } from './shape.js';

export type DType = 'float32' | 'int32' | 'bool';

/** What produced a tensor: a fed input, a trainable parameter, baked-in constant data, or an op. */
export type TensorKind = 'input' | 'param' | 'const' | 'op';

export type Attrs = Readonly<Record<string, number | boolean | string | readonly number[]>>;

/** One node of the graph: every op has exactly one output, so a node *is* its output tensor. */
export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly kind: TensorKind,
    readonly shape: Shape,
    readonly dtype: DType,
    /** Unique within the graph for inputs, params and consts; a generated name for ops. */
    readonly name: string,
    readonly op: OpType | null = null,
    readonly inputs: readonly Tensor[] = [],
    readonly attrs: Attrs = {},
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `${this.name}:${this.dtype}[${this.shape.join(',')}]`;
  }
}
