export {
  EngineUnavailableError,
  hostTensor,
  scalarTensor,
  type CompiledGraph,
  type Device,
  type Engine,
  type EngineInfo,
  type EngineName,
  type EngineOptions,
  type HostTensor,
} from './engines/engine.js';
export { OrtEngine } from './engines/ort-engine.js';
export { availableCores, cpuModel } from './engines/threads.js';
export { TrainingSession } from './training-session.js';
export { Rng } from './rng.js';
export { TfjsEngine, interpretGraph, constantTensor } from './engines/tfjs-engine.js';
