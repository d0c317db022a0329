import type { DType, Graph, HostTensor, Tensor } from '@grokbench/graph';

/**
 * A value an engine keeps in its device's memory (a GPU buffer): state fed back into the next step
 * without a round trip through the host. Its numbers reach the host only through Engine.readBack.
 */
export interface DeviceTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly location: 'device';
  /** Frees the device memory; the value must not be fed again. */
  dispose(): void;
}

/** What a compiled graph takes and gives: host values, or values left on the device. */
export type EngineValue = HostTensor | DeviceTensor;

export function isDeviceTensor(value: EngineValue): value is DeviceTensor {
  return 'location' in value && value.location === 'device';
}

export type EngineName = 'ort' | 'tfjs';
export type Device = 'cpu' | 'cuda' | 'webgpu';

/** The WebGPU adapter a run used, as its driver names it. */
export interface GpuAdapter {
  vendor: string;
  architecture: string;
  /** The driver's name of the device, e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)" or "NVIDIA H100 80GB HBM3". */
  description: string;
  /** The graphics API under WebGPU (Vulkan on Linux). */
  backend: string;
  /** A CPU rasterizer (Mesa llvmpipe/lavapipe, SwiftShader): correct, but its timings are not a GPU's. */
  software: boolean;
}

/** What actually runs the graphs: recorded with every result so timings can be compared fairly. */
export interface EngineInfo {
  name: EngineName;
  /** ORT's execution provider, or the tfjs backend ('tensorflow' for tfjs-node, 'cpu' for pure JS). */
  backend: string;
  device: Device;
  threads: number;
  /** The adapter that ran the graphs, for device 'webgpu'. */
  adapter?: GpuAdapter;
}

/**
 * A graph compiled for one engine: feed inputs by name, get outputs by name. `Out` is HostTensor
 * unless the graph was compiled with deviceOutputs, whose outputs may stay on the device.
 */
export interface CompiledGraph<Out extends EngineValue = HostTensor> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, EngineValue>>): Promise<Record<string, Out>>;
  dispose(): Promise<void>;
}

export interface CompileOptions {
  /**
   * Outputs that are only fed back into graphs (parameters, optimizer state): an engine with
   * device memory keeps them there. Engines without it return them as host values.
   */
  deviceOutputs: readonly string[];
}

export interface Engine {
  readonly info: EngineInfo;
  /** Every output comes back to the host. */
  compile(graph: Graph, outputs: Record<string, Tensor>): Promise<CompiledGraph>;
  /** The deviceOutputs may stay on the device; the rest come back to the host. */
  compile(graph: Graph, outputs: Record<string, Tensor>, options: CompileOptions): Promise<CompiledGraph<EngineValue>>;
  /** Host copies of `values` (checkpoints, weight norms); host values come back as they are. */
  readBack(values: Readonly<Record<string, EngineValue>>): Promise<Record<string, HostTensor>>;
  /** Frees what the engine keeps for itself (read-back sessions); the engine is not used again. */
  dispose?(): Promise<void>;
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

/** readBack for engines that never leave values on a device. */
export function hostValues(values: Readonly<Record<string, EngineValue>>): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [name, value] of Object.entries(values)) {
    if (isDeviceTensor(value)) throw new Error(`value "${name}" is on a device this engine does not use`);
    out[name] = value;
  }
  return out;
}

export function scalarTensor(value: number): HostTensor {
  return { dtype: 'float32', shape: [], data: Float32Array.of(value) };
}
