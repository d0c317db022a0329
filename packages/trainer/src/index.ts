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
  type HostTensor,
} from './engines/engine.js';
export { OrtEngine } from './engines/ort-engine.js';
export { findWebGpuAdapter, NO_WEBGPU_ADAPTER, softwareRendererName } from './engines/webgpu-adapter.js';
export { availableCores, cpuModel } from './engines/threads.js';
export { TrainingSession } from './training-session.js';
export { Rng } from './rng.js';
export { TfjsEngine, interpretGraph, constantTensor } from './engines/tfjs-engine.js';
export type { CurvePoint } from './curve.js';
export {
  ConfigError,
  filterConfigSchema,
  mergeConfig,
  optimizerConfigSchema,
  parseConfig,
  trainingConfigSchema,
  type OptimizerConfig,
  type TrainingConfig,
} from './training-config.js';
export type { DatasetDump, Experiment, Paradigm, Preset, Task } from './task.js';
export { METHODS, type Method } from './methods.js';
export { train, buildConfiguredStep, optimizerSpec, STOP_THRESHOLD, type RunFiles, type StopReason, type TrainOptions, type TrainResult } from './train-loop.js';
export { isEvalStep } from './eval-schedule.js';
export { DamagedRunFileError, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
export type { SessionSnapshot } from './training-session.js';
export { modelConfigSchema, mlpConfigSchema, transformerConfigSchema, type MlpConfig, type ModelConfig, type TransformerConfig } from './models/model-config.js';
export { buildModel, type Model, type ModelDims } from './models/model.js';
export { buildMlp } from './models/mlp.js';
export { buildTransformer, sinusoids } from './models/transformer.js';
export { splitExamples, type Split } from './supervised/split.js';
export { EpochSampler } from './supervised/epoch-sampler.js';
export { SEQUENCE_FORMATS, sequenceEncoding, type SequenceEncoding, type SequenceFormat } from './supervised/sequence-format.js';
export { buildSupervisedConfigSchema, supervisedDataFields, type SupervisedConfig, type SupervisedData } from './supervised/supervised-config.js';
export {
  binaryOperationDataset,
  binaryOperationExperiment,
  binaryOperationTable,
  splitTable,
  type BinaryOperationTable,
} from './supervised/binary-operation.js';
export { POWER2022_DATA, POWER2022_SOURCE, POWER2022_TRAINING } from './supervised/power2022.js';
export type { CompanionSeries } from './task.js';
export { gaussianKl, gaussianPosterior, posteriorMean, reparameterize, type GaussianPosterior } from './unsupervised/gaussian-latent.js';
export { bernoulliLogLikelihood, categoricalLogLikelihood, gaussianLogLikelihood } from './unsupervised/likelihoods.js';
export { standardNormalNoise } from './unsupervised/noise.js';
export { buildVae, elboTerms, meanNegativeElbo, negativeElbo, type ElboTerms, type Vae, type VaeInput } from './unsupervised/vae-model.js';
export {
  buildUnsupervisedConfigSchema,
  vaeModelConfigSchema,
  vaeObjectiveSchema,
  type VaeModelConfig,
  type VaeObjective,
} from './unsupervised/unsupervised-config.js';
export { isPrime } from './primes.js';
export * from './reinforcement/index.js';
