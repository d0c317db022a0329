import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { exportOnnx, Graph, type DType, type Tensor, type HostTensor } from '@grokbench/graph';
import * as ort from 'onnxruntime-node';
import {
  EngineUnavailableError,
  isDeviceTensor,
  type CompiledGraph,
  type CompileOptions,
  type DeviceTensor,
  type Engine,
  type EngineInfo,
  type EngineOptions,
  type EngineValue,
  type GpuAdapter,
} from './engine.js';
import { availableCores } from './threads.js';
import { findWebGpuAdapter, NO_WEBGPU_ADAPTER } from './webgpu-adapter.js';

const ORT_TYPE: Record<DType, ort.Tensor.Type> = { float32: 'float32', int32: 'int32', bool: 'bool' };
const CUDA_INSTALL_HINT =
  "ORT's CUDA execution provider is not installed: install it with `npm run install:cuda` (onnxruntime-node's installer with --onnxruntime-node-install=cuda12; needs CUDA 12 and cuDNN 9), or use --device cpu";

/** The CUDA provider library, which onnxruntime-node downloads at install time only when asked to. */
function cudaProviderInstalled(): boolean {
  const require = createRequire(import.meta.url);
  const root = path.dirname(path.dirname(require.resolve('onnxruntime-node')));
  const binDir = path.join(root, 'bin');
  const found = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? found(path.join(dir, e.name)) : /onnxruntime_providers_cuda/.test(e.name),
    );
  return found(binDir);
}

/**
 * WebGPU validation: 'basic' (ORT's default) checks each dispatch's bindings. The step graphs are
 * static and the placement test runs every task's graphs with it, so it costs nothing to keep:
 * 'disabled' was measured no faster on lavapipe (README, "GPU") and turns a WebGPU error into a crash.
 */
const WEBGPU_VALIDATION = 'basic';

/** Device tensors created and not yet disposed, in this process: what the memory tests watch. */
let deviceTensorsAlive = 0;

export function liveDeviceTensors(): number {
  return deviceTensorsAlive;
}

/** A value ORT left in GPU memory (preferredOutputLocation 'gpu-buffer'). ORT frees it on dispose() only, never on garbage collection. */
class OrtDeviceTensor implements DeviceTensor {
  readonly location = 'device';
  private disposed = false;
  constructor(
    readonly tensor: ort.Tensor,
    readonly dtype: DType,
  ) {
    deviceTensorsAlive++;
  }

  get shape(): readonly number[] {
    return this.tensor.dims;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    deviceTensorsAlive--;
    this.tensor.dispose();
  }
}

function toOrt(t: EngineValue): ort.Tensor {
  if (isDeviceTensor(t)) {
    if (!(t instanceof OrtDeviceTensor)) throw new Error('ort: fed a device value from another engine');
    return t.tensor;
  }
  return new ort.Tensor(ORT_TYPE[t.dtype], t.data as ort.Tensor.DataType, t.shape as number[]);
}

function fromOrt(t: ort.OnnxValue, dtype: DType): EngineValue {
  const tensor = t as ort.Tensor;
  if (tensor.location === 'gpu-buffer') return new OrtDeviceTensor(tensor, dtype);
  return { dtype, shape: tensor.dims, data: tensor.data as HostTensor['data'] };
}

class OrtCompiledGraph implements CompiledGraph<EngineValue> {
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly outputDTypes: Record<string, DType>,
  ) {}

  get inputNames() {
    return this.session.inputNames;
  }

  get outputNames() {
    return this.session.outputNames;
  }

  async run(feeds: Readonly<Record<string, EngineValue>>): Promise<Record<string, EngineValue>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.session.inputNames) {
      const t = feeds[name];
      if (!t) throw new Error(`ort: missing feed "${name}"`);
      ortFeeds[name] = toOrt(t);
    }
    const results = await this.session.run(ortFeeds);
    const out: Record<string, EngineValue> = {};
    for (const [name, value] of Object.entries(results)) out[name] = fromOrt(value, this.outputDTypes[name]);
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

async function webGpuAdapter(): Promise<GpuAdapter> {
  const adapter = await findWebGpuAdapter();
  if (!adapter) throw new EngineUnavailableError(NO_WEBGPU_ADAPTER);
  return adapter;
}

function ortInfo(options: EngineOptions, adapter: GpuAdapter | undefined): EngineInfo {
  const device = options.device ?? 'cpu';
  if (device === 'cuda' && !cudaProviderInstalled()) throw new EngineUnavailableError(CUDA_INSTALL_HINT);
  const threads = options.threads ?? availableCores();
  return { name: 'ort', backend: device, device, threads, ...(adapter ? { adapter } : {}) };
}

/** Runs graphs as ONNX models on onnxruntime-node: the default, fast engine. */
export class OrtEngine implements Engine {
  readonly info: EngineInfo;
  /** Identity graphs that copy device values to the host, by their inputs' shapes. */
  private readonly readBackGraphs = new Map<string, Promise<CompiledGraph>>();

  /** For 'webgpu' use OrtEngine.create, which finds the adapter first. */
  constructor(options: EngineOptions = {}, adapter?: GpuAdapter) {
    if (options.device === 'webgpu' && !adapter) throw new Error('OrtEngine: create a WebGPU engine with OrtEngine.create');
    this.info = ortInfo(options, adapter);
  }

  /** An engine for `options.device`; for 'webgpu' it names the adapter, or says there is none. */
  static async create(options: EngineOptions = {}): Promise<OrtEngine> {
    return new OrtEngine(options, options.device === 'webgpu' ? await webGpuAdapter() : undefined);
  }

  /** The info an engine created with `options` would have, creating none. */
  static async describe(options: EngineOptions = {}): Promise<EngineInfo> {
    return ortInfo(options, options.device === 'webgpu' ? await webGpuAdapter() : undefined);
  }

  compile(graph: Graph, outputs: Record<string, Tensor>): Promise<CompiledGraph>;
  compile(graph: Graph, outputs: Record<string, Tensor>, options: CompileOptions): Promise<CompiledGraph<EngineValue>>;
  async compile(graph: Graph, outputs: Record<string, Tensor>, options?: CompileOptions): Promise<CompiledGraph<EngineValue>> {
    const webgpu = this.info.device === 'webgpu';
    const { model } = exportOnnx(graph, { outputs, target: webgpu ? 'webgpu' : 'cpu' });
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, this.sessionOptions(Object.keys(outputs), options?.deviceOutputs ?? []));
    } catch (error) {
      if (this.info.device === 'cuda') throw new EngineUnavailableError(`${CUDA_INSTALL_HINT} (${firstLine(error)})`);
      if (webgpu && /fallback to CPU EP has been explicitly disabled/.test(firstLine(error))) {
        throw new Error('ort webgpu: a node of this graph has no WebGPU kernel and would run on the CPU (run with ORT verbose logging to see which)');
      }
      throw error;
    }
    const outputDTypes = Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.dtype]));
    return new OrtCompiledGraph(session, outputDTypes);
  }

  private sessionOptions(outputNames: readonly string[], deviceOutputs: readonly string[]): ort.InferenceSession.SessionOptions {
    const common: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: this.info.threads,
      // Our step graphs are one chain of dependent kernels: parallelism belongs inside each kernel.
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    if (this.info.device === 'cuda') return { ...common, executionProviders: ['cuda', 'cpu'] };
    if (this.info.device === 'cpu') return { ...common, executionProviders: ['cpu'] };
    const location = (name: string) => (deviceOutputs.includes(name) ? 'gpu-buffer' : 'cpu');
    return {
      ...common,
      executionProviders: [{ name: 'webgpu', validationMode: WEBGPU_VALIDATION }],
      // State stays in GPU memory between steps; only what the host reads (losses, scores) is copied back.
      preferredOutputLocation: Object.fromEntries(outputNames.map((name) => [name, location(name)])),
      // A node without a WebGPU kernel fails the compile instead of running on the CPU unseen.
      extra: { session: { disable_cpu_ep_fallback: '1' } },
    };
  }

  async readBack(values: Readonly<Record<string, EngineValue>>): Promise<Record<string, HostTensor>> {
    const out: Record<string, HostTensor> = {};
    const onDevice = Object.entries(values).filter(([, v]) => isDeviceTensor(v));
    for (const [name, value] of Object.entries(values)) if (!isDeviceTensor(value)) out[name] = value;
    if (onDevice.length === 0) return out;
    const copy = await this.readBackGraph(onDevice.map(([, v]) => v));
    const copied = await copy.run(Object.fromEntries(onDevice.map(([, v], i) => [`in${i}`, v])));
    onDevice.forEach(([name], i) => (out[name] = copied[`out${i}`]));
    return out;
  }

  async dispose(): Promise<void> {
    const graphs = [...this.readBackGraphs.values()];
    this.readBackGraphs.clear();
    for (const graph of graphs) await (await graph).dispose();
  }

  /**
   * `getData()` of a GPU tensor is not implemented in onnxruntime-node, so device values reach the
   * host as the 'cpu' outputs of a graph of Identity nodes on the same device (sessions share it).
   */
  private readBackGraph(values: readonly EngineValue[]): Promise<CompiledGraph> {
    const key = values.map((v) => `${v.dtype}[${v.shape.join(',')}]`).join(' ');
    let compiled = this.readBackGraphs.get(key);
    if (!compiled) {
      const graph = new Graph();
      const inputs = values.map((v, i) => graph.input(`in${i}`, [...v.shape], v.dtype));
      compiled = this.compile(graph, Object.fromEntries(inputs.map((t, i) => [`out${i}`, t])));
      this.readBackGraphs.set(key, compiled);
    }
    return compiled;
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
