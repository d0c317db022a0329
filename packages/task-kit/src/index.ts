// The task contract and everything a task author builds a task from. Depends on @grokbench/graph
// and zod only: a task package never pulls in an engine.
export type { CompanionSeries, DatasetDump, Experiment, Paradigm, Preset, Task } from './task.js';
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
export { resolveConfig } from './resolve-config.js';
export { METHODS, type Method } from './methods.js';
export { Rng } from './rng.js';
export { seedStreams, type SeedStreams } from './seed-streams.js';
export { isPrime } from './primes.js';
export { modelConfigSchema, mlpConfigSchema, transformerConfigSchema, type MlpConfig, type ModelConfig, type TransformerConfig } from './models/model-config.js';
export { buildModel, type Model, type ModelDims } from './models/model.js';
export { buildMlp, MLP_RESIDUE_EMBEDDINGS } from './models/mlp.js';
export { embeddingFourierIpr, fourierBasis, fourierIpr, fourierIprOfTable, paramTensor, residueRowsOf, type ResidueRows } from './progress-measures/fourier-ipr.js';
export { primitiveRoot, residueOrder, type ResidueGroup } from './progress-measures/residue-order.js';
export { KEY_FREQUENCIES, logitCircuitMeasures, type CircuitRows, type LogitCircuitSpec } from './progress-measures/logit-circuit.js';
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
  type BinaryOperationOptions,
  type BinaryOperationTable,
} from './supervised/binary-operation.js';
export { POWER2022_DATA, POWER2022_SOURCE, POWER2022_TRAINING } from './supervised/power2022.js';
export { gaussianKl, gaussianPosterior, posteriorMean, reparameterize, widenedPosterior, type GaussianPosterior } from './unsupervised/gaussian-latent.js';
export { bernoulliLogLikelihood, categoricalLogLikelihood, gaussianLogLikelihood } from './unsupervised/likelihoods.js';
export {
  diagonalGaussianLogDensity,
  importanceLogWeights,
  importanceWeightedLogMarginal,
  logMeanExp,
  standardNormalLogDensity,
  type ImportanceWeightedSpec,
} from './unsupervised/importance-weighted.js';
export { klWeight } from './unsupervised/beta-schedule.js';
export { scheduledWeight, type ScheduledWeight } from './schedules.js';
export { standardNormalNoise } from './unsupervised/noise.js';
export { buildVae, elboTerms, meanNegativeElbo, negativeElbo, type ElboTerms, type Vae, type VaeInput } from './unsupervised/vae-model.js';
export {
  buildUnsupervisedConfigSchema,
  vaeEvaluationSchema,
  vaeModelConfigSchema,
  vaeObjectiveSchema,
  type VaeEvaluation,
  type VaeModelConfig,
  type VaeObjective,
} from './unsupervised/unsupervised-config.js';
export * from './reinforcement/index.js';
