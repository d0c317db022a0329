// What runs a task: engines, the training session and loop, checkpoints. The task contract and
// the kits tasks are built from live in @grokbench/task-kit, below this package.
export {
  EngineUnavailableError,
  hostValues,
  isDeviceTensor,
  scalarTensor,
  type CompiledGraph,
  type CompileOptions,
  type Device,
  type DeviceTensor,
  type Engine,
  type EngineInfo,
  type EngineName,
  type EngineOptions,
  type EngineValue,
  type GpuAdapter,
} from './engines/engine.js';
export { OrtEngine } from './engines/ort-engine.js';
export { createEngine, describeEngine } from './engines/create-engine.js';
export { findWebGpuAdapter, NO_WEBGPU_ADAPTER, softwareRendererName } from './engines/webgpu-adapter.js';
export { availableCores, cpuInstructionSet, cpuModel } from './engines/threads.js';
export { TrainingSession, type SessionSnapshot } from './training-session.js';
export type { CurvePoint } from './curve.js';
export { train, buildConfiguredStep, evaluationOutputs, optimizerSpec, STOP_THRESHOLD, type RunFiles, type StopReason, type TrainOptions, type TrainResult } from './train-loop.js';
export { isEvalStep } from './eval-schedule.js';
export { DamagedRunFileError, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
