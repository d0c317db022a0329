import type { Initializer } from './initializers.js';
import { OP_SPECS, type OpType } from './ops/op-types.js';
import { GraphError, formatShape, numel, type Shape } from './shape.js';
import { Tensor, type Attrs, type DType } from './tensor.js';

export type TensorData = Float32Array | Int32Array | Uint8Array;

export interface ParamInfo {
  tensor: Tensor;
  init: Initializer;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_./:-]*$/;

/**
 * A static-shape tensor graph under construction. Nodes are created through the op functions
 * (`matmul(a, b)`, …), which infer and check shapes at once, so a mistake is reported where it is
 * made rather than when the graph runs.
 */
export class Graph {
  readonly nodes: Tensor[] = [];
  readonly params: ParamInfo[] = [];
  readonly constData = new Map<Tensor, TensorData>();
  private readonly names = new Set<string>();
  private readonly scalars = new Map<string, Tensor>();

  /** A value fed at every run (a batch, a step number). */
  input(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
    return this.leaf('input', name, shape, dtype);
  }

  /** A trainable float32 parameter; its first value is drawn from `init` by the trainer's seeded RNG. */
  param(name: string, shape: Shape, init: Initializer): Tensor {
    const tensor = this.leaf('param', name, shape, 'float32');
    this.params.push({ tensor, init });
    return tensor;
  }

  /** Data baked into the graph (an ONNX initializer): never copied per step. */
  constant(name: string, data: TensorData, shape: Shape, dtype: DType = 'float32'): Tensor {
    if (data.length !== numel(shape)) {
      throw new GraphError(`constant ${name}: ${data.length} values for shape ${formatShape(shape)}`);
    }
    const tensor = this.leaf('const', name, shape, dtype);
    this.constData.set(tensor, data);
    return tensor;
  }

  /** A shared float32 (or int32) scalar constant, created once per value. */
  scalar(value: number, dtype: DType = 'float32'): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let t = this.scalars.get(key);
    if (!t) {
      const data = dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value);
      t = this.constant(`scalar_${this.scalars.size}`, data, [], dtype);
      this.scalars.set(key, t);
    }
    return t;
  }

  /** Creates an op node after checking its inputs; used by the op functions. */
  apply(op: OpType, inputs: readonly Tensor[], attrs: Attrs = {}): Tensor {
    for (const t of inputs) {
      if (t.graph !== this) throw new GraphError(`${op}: input ${t} belongs to another graph`);
    }
    const { shape, dtype } = OP_SPECS[op].infer(inputs, attrs);
    const tensor = new Tensor(this, this.nodes.length, 'op', shape, dtype, `${op}_${this.nodes.length}`, op, inputs, attrs);
    this.nodes.push(tensor);
    return tensor;
  }

  get inputs(): Tensor[] {
    return this.nodes.filter((n) => n.kind === 'input');
  }

  paramInfo(t: Tensor): ParamInfo | undefined {
    return this.params.find((p) => p.tensor === t);
  }

  private leaf(kind: 'input' | 'param' | 'const', name: string, shape: Shape, dtype: DType): Tensor {
    if (!NAME_PATTERN.test(name)) throw new GraphError(`${kind} name "${name}" must match ${NAME_PATTERN}`);
    if (this.names.has(name)) throw new GraphError(`${kind} name "${name}" is already used in this graph`);
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new GraphError(`${kind} ${name}: shape ${formatShape(shape)} must have positive integer dimensions`);
    }
    this.names.add(name);
    const tensor = new Tensor(this, this.nodes.length, kind, [...shape], dtype, name);
    this.nodes.push(tensor);
    return tensor;
  }
}

/** Nodes that `outputs` depend on, inputs before users. Node ids are already a topological order. */
export function ancestors(outputs: readonly Tensor[]): Tensor[] {
  const seen = new Set<Tensor>();
  const stack = [...outputs];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push(...t.inputs);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}
