import type { DType, Graph, Tensor } from '@grokbench/graph';

/** A tensor's values on the host, as the engines exchange them. */
export interface HostTensor {
  dtype: DType;
  shape: readonly number[];
  data: Float32Array | Int32Array | Uint8Array;
}

export type EngineName = 'ort' | 'tfjs';
export type Device = 'cpu' | 'cuda';

/** What actually runs the graphs: recorded with every result so timings can be compared fairly. */
export interface EngineInfo {
  name: EngineName;
  /** ORT's execution provider, or the tfjs backend ('tensorflow' for tfjs-node, 'cpu' for pure JS). */
  backend: string;
  device: Device;
  threads: number;
}

/** A graph compiled for one engine: feed inputs by name, get outputs by name. */
export interface CompiledGraph {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, HostTensor>>): Promise<Record<string, HostTensor>>;
  dispose(): Promise<void>;
}

export interface Engine {
  readonly info: EngineInfo;
  compile(graph: Graph, outputs: Record<string, Tensor>): Promise<CompiledGraph>;
}

export interface EngineOptions {
  device?: Device;
  /** Threads for the CPU kernels; the cores available to this process when omitted. */
  threads?: number;
}

/** An engine that cannot run here (CUDA without its libraries, say): the message says how to fix it. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

export function scalarTensor(value: number): HostTensor {
  return { dtype: 'float32', shape: [], data: Float32Array.of(value) };
}
