export { computeRunMetrics, DEFAULT_PRIMARY_COMPANION, resolvePrimaryCompanion, runMetricsOptions, THETA_PRIMARY, THETA_STRICT, type Relabelling, type RunMetrics, type RunMetricsOptions } from './run-metrics.js';
export {
  delayRatio,
  firstStepReaching,
  firstSustainedStep,
  heldoutAt,
  riseRemaining,
  SUSTAIN_EVALUATIONS,
  thresholdMetrics,
  type ThresholdMetrics,
} from './threshold-metrics.js';
export { ERF_MIN_R2, relativeSharpness, sharpness, type Sharpness } from './sharpness.js';
export { thetaRiseLevel, width10to90 } from './width.js';
export { crossingStep, interpolatedCrossing, valueAt } from './crossing.js';
export { MIN_RISE } from './rise.js';
export { ERF_WIDTH_10_90, fitErf, type ErfFit } from './erf-fit.js';
export { erf } from './erf.js';
export {
  classifyPhase,
  GROKKING_DELAY_RATIO,
  GROKKING_MIN_RISE_AFTER_FIT,
  PHASES,
  SEMI_GROKKING_LEVEL,
  type Phase,
  type PhaseInput,
  type PhaseVerdict,
} from './phase.js';
export { secondsToGrok, throughputMetrics, type Throughput, type ThroughputInput } from './throughput.js';
export { summarize, type Summary } from './summary.js';
export { quantileType7 } from './quantile.js';
export {
  BUILT_IN_SERIES,
  companionAgreement,
  companionMetrics,
  companionsMetrics,
  type CompanionAgreement,
  type CompanionMetrics,
  type CompanionSpec,
  type PrimaryCompanion,
} from './companion-metrics.js';
export { circuitTiming, MIN_CIRCUIT_RISE, type CircuitTiming } from './circuit-timing.js';
