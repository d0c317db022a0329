import { ancestors, broadcastShapes, type DType, type Graph, type OpType, type Tensor, type HostTensor } from '@grokbench/graph';
import * as tf from '@tensorflow/tfjs';
import { EngineUnavailableError, hostValues, type CompiledGraph, type CompileOptions, type Device, type Engine, type EngineInfo, type EngineOptions, type EngineValue } from './engine.js';
import { availableCores } from './threads.js';
import { findWebGpuAdapter, NO_WEBGPU_ADAPTER } from './webgpu-adapter.js';

const CUDA_INSTALL_HINT =
  'the tfjs engine on CUDA needs @tensorflow/tfjs-node-gpu: install it with `npm install @tensorflow/tfjs-node-gpu` (needs CUDA and cuDNN), or use --device cpu';

type Evaluator = (node: Tensor, ins: tf.Tensor[]) => tf.Tensor;

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

const attrNumbers = (node: Tensor, key: string) => node.attrs[key] as number[];
const normalize = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** ONNX MatMul: numpy-style batch broadcasting, which tf.matMul only does for equal batch shapes. */
function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.rank - 1];
  if (b.rank === 2) {
    // A shared weight: fold the batch into rows, one GEMM.
    const rows = tf.matMul(a.rank === 2 ? a : tf.reshape(a, [-1, k]), b);
    return a.rank === 2 ? rows : tf.reshape(rows, [...a.shape.slice(0, -2), m, n]);
  }
  const batch = broadcastShapes('MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const size = batch.reduce((p, d) => p * d, 1);
  const stretch = (x: tf.Tensor, rows: number, cols: number) => {
    const full = [...batch, rows, cols];
    const padded = tf.reshape(x, [...new Array<number>(full.length - x.rank).fill(1), ...x.shape]);
    return tf.reshape(tf.broadcastTo(padded, full), [size, rows, cols]);
  };
  return tf.reshape(tf.matMul(stretch(a, m, k), stretch(b, k, n)), [...batch, m, n]);
}

/** tf.softmax and tf.logSoftmax work on the last axis only: move the axis there and back. */
function onAxis(x: tf.Tensor, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const a = normalize(axis, x.rank);
  if (a === x.rank - 1) return f(x);
  const perm = x.shape.map((_, i) => i);
  [perm[a], perm[x.rank - 1]] = [perm[x.rank - 1], perm[a]];
  return tf.transpose(f(tf.transpose(x, perm)), perm);
}

function reduce(f: (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor): Evaluator {
  // No axes reduces nothing, as the graph's shape inference has it.
  return (node, [x]) => {
    const axes = attrNumbers(node, 'axes');
    return axes.length ? f(x, axes, Boolean(node.attrs.keepDims)) : x;
  };
}

/** ONNX divides integers truncating toward zero; tf.div floors. */
function divide(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.dtype !== 'int32') return tf.div(a, b);
  const q = tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
  return tf.cast(tf.mul(tf.sign(q), tf.floor(tf.abs(q))), 'int32');
}

/**
 * The graph gives comparisons and casts to integers no gradient. tfjs has no gradient for
 * comparisons (its autodiff fails on one) and passes gradients through Cast, so these get zeros.
 */
function withoutGradient(f: Evaluator): Evaluator {
  return (node, ins) => {
    if (!ins.some((t) => t.dtype === 'float32') || node.dtype === 'float32') return f(node, ins);
    return tf.customGrad((...args) => {
      const xs = args.slice(0, ins.length) as tf.Tensor[];
      return { value: f(node, xs), gradFunc: () => xs.map((x) => tf.zeros(x.shape)) };
    })(...ins);
  };
}

/** Both operands broadcast to the node's shape: tfjs's Minimum and Maximum gradients do not sum broadcasts back. */
function stretched(node: Tensor, [a, b]: tf.Tensor[]): [tf.Tensor, tf.Tensor] {
  const to = (x: tf.Tensor) => (sameShape(x.shape, node.shape) ? x : tf.broadcastTo(x, [...node.shape]));
  return [to(a), to(b)];
}

const EVALUATORS: Record<OpType, Evaluator> = {
  MatMul: (_n, [a, b]) => matMul(a, b),
  Add: (_n, [a, b]) => tf.add(a, b),
  Sub: (_n, [a, b]) => tf.sub(a, b),
  Mul: (_n, [a, b]) => tf.mul(a, b),
  Div: (_n, [a, b]) => divide(a, b),
  Min: (n, ins) => tf.minimum(...stretched(n, ins)),
  Max: (n, ins) => tf.maximum(...stretched(n, ins)),
  Neg: (_n, [x]) => tf.neg(x),
  Exp: (_n, [x]) => tf.exp(x),
  Log: (_n, [x]) => tf.log(x),
  Sqrt: (_n, [x]) => tf.sqrt(x),
  Relu: (_n, [x]) => tf.relu(x),
  Sigmoid: (_n, [x]) => tf.sigmoid(x),
  Tanh: (_n, [x]) => tf.tanh(x),
  Erf: (_n, [x]) => tf.erf(x),
  PowConst: (n, [x]) => tf.pow(x, tf.scalar(n.attrs.exponent as number, x.dtype === 'int32' ? 'int32' : 'float32')),
  Softmax: (n, [x]) => onAxis(x, n.attrs.axis as number, (t) => tf.softmax(t)),
  LogSoftmax: (n, [x]) => onAxis(x, n.attrs.axis as number, (t) => tf.logSoftmax(t)),
  ReduceSum: reduce((x, axes, keepDims) => tf.sum(x, axes, keepDims)),
  ReduceMean: reduce((x, axes, keepDims) => tf.mean(x, axes, keepDims)),
  ReduceMax: reduce((x, axes, keepDims) => tf.max(x, axes, keepDims)),
  // tf.argMax has no keepDims; the node's shape says where the kept axis goes.
  ArgMax: (n, [x]) => tf.reshape(tf.argMax(x, normalize(n.attrs.axis as number, x.rank)), [...n.shape]),
  Reshape: (n, [x]) => tf.reshape(x, [...n.shape]),
  Transpose: (n, [x]) => tf.transpose(x, attrNumbers(n, 'perm')),
  Concat: (n, ins) => tf.concat(ins, normalize(n.attrs.axis as number, n.rank)),
  Slice: (n, [x]) => {
    const begin = new Array<number>(x.rank).fill(0);
    const size = [...x.shape];
    attrNumbers(n, 'axes').forEach((axis, i) => {
      const a = normalize(axis, x.rank);
      begin[a] = attrNumbers(n, 'starts')[i];
      size[a] = attrNumbers(n, 'ends')[i] - begin[a];
    });
    return tf.slice(x, begin, size);
  },
  Pad: (n, [x]) => {
    const pads = attrNumbers(n, 'pads');
    return tf.pad(x, x.shape.map((_, i) => [pads[i], pads[i + x.rank]] as [number, number]), 0);
  },
  Expand: (n, [x]) => tf.broadcastTo(x, [...n.shape]),
  Gather: (n, [table, indices]) => {
    const axis = normalize(n.attrs.axis as number, table.rank);
    // ONNX counts negative indices from the end.
    const wrapped = tf.where(tf.less(indices, 0), tf.add(indices, tf.scalar(table.shape[axis], 'int32')), indices);
    return tf.gather(table, wrapped, axis);
  },
  Where: (_n, [c, x, y]) => tf.where(c, x, y),
  Equal: withoutGradient((_n, [a, b]) => tf.equal(a, b)),
  Greater: withoutGradient((_n, [a, b]) => tf.greater(a, b)),
  Less: withoutGradient((_n, [a, b]) => tf.less(a, b)),
  Cast: withoutGradient((n, [x]) => tf.cast(x, n.attrs.to as DType)),
};

function evaluate(node: Tensor, ins: tf.Tensor[]): tf.Tensor {
  let y = EVALUATORS[node.op as OpType](node, ins);
  if (y.dtype !== node.dtype) y = tf.cast(y, node.dtype);
  if (!sameShape(y.shape, node.shape)) {
    throw new Error(`tfjs: ${node.op} gave shape [${y.shape}] where the graph has ${node}`);
  }
  return y;
}

/** A graph constant's data as a tfjs tensor. */
export function constantTensor(t: Tensor): tf.Tensor {
  const data = t.graph.constData.get(t);
  if (!data) throw new Error(`tfjs: no data for constant ${t}`);
  return tf.tensor(data, [...t.shape], t.dtype);
}

/**
 * Evaluates `outputs` with tfjs ops, taking leaf values (inputs, parameters, and constants where
 * given) from `leafValues`; other constants are read from the graph. A plain function of tfjs
 * tensors, so `tf.grads` over it differentiates the graph with tfjs's own autodiff. Call it inside
 * `tf.tidy` (or a `tf.grads` function) to free the intermediate tensors.
 */
export function interpretGraph(outputs: readonly Tensor[], leafValues: ReadonlyMap<Tensor, tf.Tensor>): tf.Tensor[] {
  const values = new Map<Tensor, tf.Tensor>();
  for (const node of ancestors(outputs)) {
    let value = leafValues.get(node);
    if (!value) {
      if (node.kind === 'const') value = constantTensor(node);
      else if (node.kind === 'op') value = evaluate(node, node.inputs.map((i) => values.get(i)!));
      else throw new Error(`tfjs: no value for ${node.kind} ${node}`);
    }
    values.set(node, value);
  }
  return outputs.map((t) => values.get(t)!);
}

class TfjsCompiledGraph implements CompiledGraph {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private readonly leaves: Tensor[];

  constructor(
    private readonly backend: string,
    private readonly outputs: Record<string, Tensor>,
    private readonly constants: Map<Tensor, tf.Tensor>,
  ) {
    this.leaves = ancestors(Object.values(outputs)).filter((t) => t.kind === 'input' || t.kind === 'param');
    this.inputNames = this.leaves.map((t) => t.name);
    this.outputNames = Object.keys(outputs);
  }

  async run(engineFeeds: Readonly<Record<string, EngineValue>>): Promise<Record<string, HostTensor>> {
    const feeds = hostValues(engineFeeds);
    // tfjs has one global backend: another engine may have switched it since this graph was compiled.
    if (tf.getBackend() !== this.backend) await tf.setBackend(this.backend);
    for (const t of this.leaves) checkFeed(t, feeds[t.name]);
    const names = this.outputNames;
    const results = tf.tidy(() => {
      const leafValues = new Map(this.constants);
      for (const t of this.leaves) {
        const feed = feeds[t.name];
        leafValues.set(t, tf.tensor(feed.data, [...t.shape], t.dtype));
      }
      return interpretGraph(
        names.map((name) => this.outputs[name]),
        leafValues,
      );
    });
    try {
      const data = await Promise.all(results.map((r) => r.data()));
      const out: Record<string, HostTensor> = {};
      names.forEach((name, i) => {
        const t = this.outputs[name];
        out[name] = { dtype: t.dtype, shape: [...t.shape], data: hostData(t.dtype, data[i]) };
      });
      return out;
    } finally {
      const kept = new Set(this.constants.values());
      for (const r of results) if (!kept.has(r)) r.dispose();
    }
  }

  async dispose(): Promise<void> {
    for (const t of this.constants.values()) t.dispose();
    this.constants.clear();
  }
}

const HOST_ARRAY = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

/** tfjs's CPU backend casts to a wider type by relabelling: a float32 tensor may hold an Int32Array. */
function hostData(dtype: DType, data: tf.TypedArray | tf.DataTypeMap[keyof tf.DataTypeMap]): HostTensor['data'] {
  const Type = HOST_ARRAY[dtype];
  return data instanceof Type ? data : Type.from(data as ArrayLike<number>);
}

function checkFeed(t: Tensor, feed: HostTensor | undefined): void {
  if (!feed) throw new Error(`tfjs: missing feed "${t.name}"`);
  if (feed.dtype !== t.dtype || !sameShape(feed.shape, t.shape)) {
    throw new Error(`tfjs: feed "${t.name}" is ${feed.dtype}[${feed.shape}], the graph expects ${t}`);
  }
}

/** Loads an optional package: 'missing' when it is not installed, the error when it is but fails to load. */
async function loadOptional(specifier: string): Promise<'loaded' | 'missing' | Error> {
  try {
    await import(specifier);
    return 'loaded';
  } catch (error) {
    const text = String(error instanceof Error ? error.message : error);
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(text)) return 'missing';
    return error instanceof Error ? error : new Error(text);
  }
}

/** Picks the fastest tfjs backend installed for `device` and makes it current. */
async function selectBackend(device: Device): Promise<string> {
  if (device === 'webgpu') {
    await registerWebGpuBackend();
    await tf.setBackend('webgpu');
  } else if (device === 'cuda') {
    const gpu = await loadOptional('@tensorflow/tfjs-node-gpu');
    if (gpu !== 'loaded') {
      const why = gpu === 'missing' ? '' : ` (${gpu.message.split('\n')[0]})`;
      throw new EngineUnavailableError(`${CUDA_INSTALL_HINT}${why}`);
    }
    await tf.setBackend('tensorflow');
  } else if ((await loadOptional('@tensorflow/tfjs-node')) === 'loaded') {
    await tf.setBackend('tensorflow');
  } else {
    // Not installed, or its native library failed to load: the pure-JS backend always works.
    // PROD silences tfjs's "install the node backend" banner (a choice the docs already explain).
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend();
}

/**
 * tfjs-backend-webgpu is written for browsers: it registers itself on import only where
 * `navigator.gpu` exists. Dawn's Node bindings (the `webgpu` package) provide that object, with the
 * same Vulkan request the adapter check makes, so it is put in place before the import.
 */
async function registerWebGpuBackend(): Promise<void> {
  if (tf.findBackendFactory('webgpu')) return;
  const { create, globals } = await import('webgpu');
  // The backend tests `instanceof GPUBuffer` and reads the GPU* constants as globals, as in a browser.
  Object.assign(globalThis, globals);
  const gpu = create(['backend=vulkan']);
  const navigator = (globalThis as { navigator?: object }).navigator;
  Object.defineProperty(globalThis, 'navigator', { value: { ...navigator, gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
}

/**
 * Interprets graphs with @tensorflow/tfjs ops: the reference engine. Uses tfjs-node-gpu for CUDA,
 * tfjs-node for CPU where it is installed, and the pure-JS backend otherwise.
 */
export class TfjsEngine implements Engine {
  private constructor(readonly info: EngineInfo) {}

  static async create(options: EngineOptions = {}): Promise<TfjsEngine> {
    return new TfjsEngine(await TfjsEngine.describe(options));
  }

  /**
   * The info an engine created with `options` would have. It selects tfjs's backend (a setting of
   * the process, which decides the engine's identity) but compiles and keeps nothing.
   */
  static async describe(options: EngineOptions = {}): Promise<EngineInfo> {
    const device = options.device ?? 'cpu';
    const adapter = device === 'webgpu' ? await findWebGpuAdapter() : undefined;
    if (adapter === null) throw new EngineUnavailableError(NO_WEBGPU_ADAPTER);
    const backend = await selectBackend(device);
    // The pure-JS backend runs every kernel on the calling thread.
    const threads = backend === 'cpu' ? 1 : (options.threads ?? availableCores());
    return { name: 'tfjs', backend, device, threads, ...(adapter ? { adapter } : {}) };
  }

  // Every output is a host value here, so deviceOutputs has nothing to change.
  async compile(graph: Graph, outputs: Record<string, Tensor>, _options?: CompileOptions): Promise<CompiledGraph> {
    const needed = ancestors(Object.values(outputs));
    const constants = new Map<Tensor, tf.Tensor>();
    for (const t of needed) {
      if (t.graph !== graph) throw new Error(`tfjs: ${t} belongs to another graph`);
      if (t.kind === 'const') constants.set(t, constantTensor(t));
    }
    return new TfjsCompiledGraph(this.info.backend, outputs, constants);
  }

  async readBack(values: Readonly<Record<string, EngineValue>>): Promise<Record<string, HostTensor>> {
    return hostValues(values);
  }
}
