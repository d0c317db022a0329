import onnxProto from 'onnx-proto';
import { ancestors, type Graph, type TensorData } from './graph.js';
import type { OpType } from './ops/op-types.js';
import { GraphError } from './shape.js';
import type { DType, Tensor } from './tensor.js';

const { onnx } = onnxProto;
type INodeProto = onnxProto.onnx.INodeProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;

/** ORT implements opset 17 completely on CPU; it has Erf, LayerNormalization and single-axis Softmax. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

const ELEM_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

/**
 * Which ORT execution provider the model is for. 'webgpu' writes the few ops that provider lacks
 * (LogSoftmax, int64 maths after ArgMax, Slice of int32 that ORT fuses into an int32 Split) in
 * forms it implements, so no node falls back to the CPU provider; 'cpu' writes each op as itself.
 */
export type OnnxTarget = 'cpu' | 'webgpu';

export interface OnnxExportOptions {
  /** Graph outputs by name. */
  outputs: Record<string, Tensor>;
  name?: string;
  /** 'cpu' when omitted. */
  target?: OnnxTarget;
}

/** What an exported model expects and returns, for the engine that loads it. */
export interface OnnxSignature {
  inputs: Tensor[];
  outputs: Record<string, Tensor>;
}

function bytes(data: TensorData | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function tensorProto(name: string, dtype: DType, dims: readonly number[], data: TensorData): ITensorProto {
  return { name, dataType: ELEM_TYPE[dtype], dims: [...dims], rawData: bytes(data).slice() };
}

function int64Proto(name: string, values: readonly number[]): ITensorProto {
  return {
    name,
    dataType: onnx.TensorProto.DataType.INT64,
    dims: [values.length],
    rawData: bytes(BigInt64Array.from(values, (v) => BigInt(v))).slice(),
  };
}

function valueInfo(name: string, t: Tensor) {
  return {
    name,
    type: { tensorType: { elemType: ELEM_TYPE[t.dtype], shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } },
  };
}

const ints = (name: string, values: readonly number[]): IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: [...values],
});
const int = (name: string, value: number): IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

/** Writes nodes into one ONNX graph, naming int64 shape/axes constants as it needs them. */
class OnnxWriter {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  private counter = 0;

  constructor(
    private readonly valueName: (t: Tensor) => string,
    private readonly target: OnnxTarget,
  ) {}

  /** A fresh name for a value inside one lowered op. */
  private temp(base: string, what: string): string {
    return `${base}_${what}_${this.counter++}`;
  }

  private constant(values: Float32Array | Int32Array, dims: readonly number[]): string {
    const name = `c_${this.counter++}`;
    this.initializers.push(tensorProto(name, values instanceof Int32Array ? 'int32' : 'float32', dims, values));
    return name;
  }

  int64(values: readonly number[]): string {
    const name = `i64_${this.counter++}`;
    this.initializers.push(int64Proto(name, values));
    return name;
  }

  float(value: number): string {
    const name = `f32_${this.counter++}`;
    this.initializers.push(tensorProto(name, 'float32', [], Float32Array.of(value)));
    return name;
  }

  emit(opType: string, inputs: string[], output: string, attribute: IAttributeProto[] = []): void {
    this.nodes.push({ opType, input: inputs, output: [output], name: `${output}_${opType}`, attribute });
  }

  node(t: Tensor): void {
    const op = t.op as OpType;
    const ins = t.inputs.map(this.valueName);
    const out = this.valueName(t);
    const a = t.attrs;
    switch (op) {
      case 'PowConst':
        return this.emit('Pow', [ins[0], this.float(a.exponent as number)], out);
      case 'LogSoftmax':
        if (this.target === 'webgpu') return this.logSoftmax(ins[0], out, a.axis as number);
        return this.emit(op, ins, out, [int('axis', a.axis as number)]);
      case 'Softmax':
        return this.emit(op, ins, out, [int('axis', a.axis as number)]);
      case 'ReduceSum':
        // Opset 13 moved ReduceSum's axes to an input; the other reductions follow only in opset 18.
        return this.emit(op, [ins[0], this.int64(a.axes as number[])], out, [int('keepdims', a.keepDims ? 1 : 0)]);
      case 'ReduceMean':
      case 'ReduceMax':
        return this.emit(op, ins, out, [ints('axes', a.axes as number[]), int('keepdims', a.keepDims ? 1 : 0)]);
      case 'ArgMax': {
        if (this.target === 'webgpu') return this.argMax(t, ins[0], out);
        const wide = `${out}_int64`;
        this.emit('ArgMax', ins, wide, [int('axis', a.axis as number), int('keepdims', a.keepDims ? 1 : 0)]);
        return this.emit('Cast', [wide], out, [int('to', ELEM_TYPE.int32)]);
      }
      case 'Reshape':
      case 'Expand':
        return this.emit(op, [ins[0], this.int64(a.shape as number[])], out);
      case 'Transpose':
        return this.emit(op, ins, out, [ints('perm', a.perm as number[])]);
      case 'Concat':
      case 'Gather':
        return this.emit(op, ins, out, [int('axis', a.axis as number)]);
      case 'Slice':
        if (this.target === 'webgpu' && t.dtype !== 'float32') return this.sliceByGather(t, ins[0], out);
        return this.emit(op, [ins[0], this.int64(a.starts as number[]), this.int64(a.ends as number[]), this.int64(a.axes as number[])], out);
      case 'Pad':
        return this.emit(op, [ins[0], this.int64(a.pads as number[])], out);
      case 'Cast':
        return this.emit(op, ins, out, [int('to', ELEM_TYPE[a.to as DType])]);
      default:
        // The remaining primitives share their ONNX name and take no attributes.
        return this.emit(op, ins, out);
    }
  }

  /** log softmax as x − max − log Σ exp(x − max): the max keeps exp from overflowing, as LogSoftmax does. */
  private logSoftmax(x: string, out: string, axis: number): void {
    const [max, shifted, exps, total, logTotal] = ['max', 'shifted', 'exp', 'sum', 'logsum'].map((w) => this.temp(out, w));
    this.emit('ReduceMax', [x], max, [ints('axes', [axis]), int('keepdims', 1)]);
    this.emit('Sub', [x, max], shifted);
    this.emit('Exp', [shifted], exps);
    this.emit('ReduceSum', [exps, this.int64([axis])], total, [int('keepdims', 1)]);
    this.emit('Log', [total], logTotal);
    this.emit('Sub', [shifted, logTotal], out);
  }

  /**
   * ArgMax without int64 values: the first index holding the maximum, found in float32 as
   * −max(where(x = max, −index, −n)), then cast to int32. Exact for any axis shorter than 2²⁴, and
   * it breaks ties towards the first index as ArgMax does (an all-equal row at initialization
   * must not count as correct).
   */
  private argMax(node: Tensor, x: string, out: string): void {
    const input = node.inputs[0];
    const axis = (node.attrs.axis as number) < 0 ? (node.attrs.axis as number) + input.rank : (node.attrs.axis as number);
    const n = input.shape[axis];
    const indexShape = input.shape.map((d, i) => (i === axis ? d : 1));
    const negIndex = this.constant(Float32Array.from({ length: n }, (_, i) => -i), indexShape);
    const [max, isMax, candidates, best, first] = ['max', 'ismax', 'candidates', 'best', 'first'].map((w) => this.temp(out, w));
    this.emit('ReduceMax', [x], max, [ints('axes', [axis]), int('keepdims', 1)]);
    this.emit('Equal', [x, max], isMax);
    this.emit('Where', [isMax, negIndex, this.float(-n)], candidates);
    this.emit('ReduceMax', [candidates], best, [ints('axes', [axis]), int('keepdims', node.attrs.keepDims ? 1 : 0)]);
    this.emit('Neg', [best], first);
    this.emit('Cast', [first], out, [int('to', ELEM_TYPE.int32)]);
  }

  /** A Slice as one Gather of the kept indices per axis: ORT would fuse int32 Slices into an int32 Split that WebGPU lacks. */
  private sliceByGather(node: Tensor, x: string, out: string): void {
    const axes = node.attrs.axes as number[];
    let current = x;
    axes.forEach((rawAxis, i) => {
      const axis = rawAxis < 0 ? rawAxis + node.inputs[0].rank : rawAxis;
      const start = (node.attrs.starts as number[])[i];
      const end = (node.attrs.ends as number[])[i];
      const kept = this.constant(Int32Array.from({ length: end - start }, (_, k) => start + k), [end - start]);
      const next = i === axes.length - 1 ? out : this.temp(out, `axis${axis}`);
      this.emit('Gather', [current, kept], next, [int('axis', axis)]);
      current = next;
    });
  }
}

/**
 * Serializes the part of `graph` that `outputs` depend on as an ONNX model (IR 8, opset 17).
 * Fed inputs and parameters become graph inputs, constants become initializers.
 */
export function exportOnnx(graph: Graph, options: OnnxExportOptions): { model: Uint8Array; signature: OnnxSignature } {
  const outputEntries = Object.entries(options.outputs);
  const needed = ancestors(outputEntries.map(([, t]) => t));
  for (const t of needed) if (t.graph !== graph) throw new GraphError(`exportOnnx: ${t} belongs to another graph`);

  // An op whose value is exactly one output is named after it; leaves and shared values get an Identity.
  const renamed = new Map<Tensor, string>();
  const identities: [string, Tensor][] = [];
  for (const [name, t] of outputEntries) {
    if (t.kind === 'op' && !renamed.has(t)) renamed.set(t, name);
    else identities.push([name, t]);
  }
  const valueName = (t: Tensor) => renamed.get(t) ?? t.name;
  const writer = new OnnxWriter(valueName, options.target ?? 'cpu');

  const inputs = needed.filter((t) => t.kind === 'input' || t.kind === 'param');
  const leafNames = new Set(needed.filter((t) => t.kind !== 'op').map((t) => t.name));
  const clash = outputEntries.find(([name]) => leafNames.has(name));
  if (clash) throw new GraphError(`exportOnnx: output name "${clash[0]}" is already an input or constant name`);
  for (const t of needed) {
    if (t.kind === 'const') writer.initializers.push(tensorProto(t.name, t.dtype, t.shape, graph.constData.get(t)!));
    if (t.kind === 'op') writer.node(t);
  }
  for (const [name, t] of identities) writer.emit('Identity', [valueName(t)], name);

  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'grokbench',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: options.name ?? 'grokbench',
      node: writer.nodes,
      initializer: writer.initializers,
      input: inputs.map((t) => valueInfo(t.name, t)),
      output: outputEntries.map(([name, t]) => valueInfo(name, t)),
    },
  });
  return { model: onnx.ModelProto.encode(model).finish(), signature: { inputs, outputs: options.outputs } };
}
