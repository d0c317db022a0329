import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { exportOnnx, type DType, type Graph, type Tensor } from '@grokbench/graph';
import * as ort from 'onnxruntime-node';
import {
  EngineUnavailableError,
  type CompiledGraph,
  type Engine,
  type EngineInfo,
  type EngineOptions,
  type HostTensor,
} from './engine.js';
import { availableCores } from './threads.js';

const ORT_TYPE: Record<DType, ort.Tensor.Type> = { float32: 'float32', int32: 'int32', bool: 'bool' };
const CUDA_INSTALL_HINT =
  "ORT's CUDA execution provider is not installed: reinstall with `ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci` (needs CUDA 12 and cuDNN 9), or use --device cpu";

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

function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor(ORT_TYPE[t.dtype], t.data as ort.Tensor.DataType, t.shape as number[]);
}

function fromOrt(t: ort.OnnxValue, dtype: DType): HostTensor {
  const tensor = t as ort.Tensor;
  return { dtype, shape: tensor.dims, data: tensor.data as HostTensor['data'] };
}

class OrtCompiledGraph implements CompiledGraph {
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

  async run(feeds: Readonly<Record<string, HostTensor>>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.session.inputNames) {
      const t = feeds[name];
      if (!t) throw new Error(`ort: missing feed "${name}"`);
      ortFeeds[name] = toOrt(t);
    }
    const results = await this.session.run(ortFeeds);
    const out: Record<string, HostTensor> = {};
    for (const [name, value] of Object.entries(results)) out[name] = fromOrt(value, this.outputDTypes[name]);
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** Runs graphs as ONNX models on onnxruntime-node: the default, fast engine. */
export class OrtEngine implements Engine {
  readonly info: EngineInfo;

  constructor(options: EngineOptions = {}) {
    const device = options.device ?? 'cpu';
    if (device === 'cuda' && !cudaProviderInstalled()) throw new EngineUnavailableError(CUDA_INSTALL_HINT);
    this.info = { name: 'ort', backend: device === 'cuda' ? 'cuda' : 'cpu', device, threads: options.threads ?? availableCores() };
  }

  async compile(graph: Graph, outputs: Record<string, Tensor>): Promise<CompiledGraph> {
    const { model } = exportOnnx(graph, { outputs });
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: this.info.device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
      intraOpNumThreads: this.info.threads,
      // Our step graphs are one chain of dependent kernels: parallelism belongs inside each kernel.
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, sessionOptions);
    } catch (error) {
      if (this.info.device === 'cuda') throw new EngineUnavailableError(`${CUDA_INSTALL_HINT} (${firstLine(error)})`);
      throw error;
    }
    const outputDTypes = Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.dtype]));
    return new OrtCompiledGraph(session, outputDTypes);
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
