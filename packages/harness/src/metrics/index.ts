export { computeRunMetrics, THETA_PRIMARY, THETA_STRICT, type RunMetrics, type RunMetricsOptions } from './run-metrics.js';
export {
  delayRatio,
  firstStepReaching,
  firstSustainedStep,
  SUSTAIN_EVALUATIONS,
  thresholdMetrics,
  type ThresholdMetrics,
} from './threshold-metrics.js';
export { relativeSharpness, sharpness, type Sharpness } from './sharpness.js';
export { width10to90 } from './width.js';
export { crossingStep } from './crossing.js';
export { MIN_RISE } from './rise.js';
export { ERF_WIDTH_10_90, fitErf, type ErfFit } from './erf-fit.js';
export { erf } from './erf.js';
export { classifyPhase, GROKKING_DELAY_RATIO, type Phase } from './phase.js';
export { throughputMetrics, type Throughput, type ThroughputInput } from './throughput.js';
export { summarize, type Summary } from './summary.js';
export { quantileType7 } from './quantile.js';
export { companionMetrics, companionsMetrics, type CompanionMetrics, type CompanionSpec } from './companion-metrics.js';
