import type { CurvePoint } from '@grokbench/trainer';
import { valueAt } from './crossing.js';
import { finiteOrNull } from './finite.js';

export interface ThroughputInput {
  stepsRun: number;
  /** Training wall time, evaluation excluded. */
  trainSeconds: number;
  examplesPerStep: number;
  /** Graph FLOP count of one training step. */
  flopsPerStep: number;
  /** Primary-threshold tGrok of the run, or null if it never grokked. */
  tGrok: number | null;
  curve: readonly CurvePoint[];
}

/** How fast the machine trained; a rate is null when no training time was recorded. */
export interface Throughput {
  stepsPerSecond: number | null;
  examplesPerSecond: number | null;
  /** Achieved GFLOP/s: graph FLOPs of all steps run ÷ training time. */
  gflops: number | null;
  /** Training wall time up to tGrok (interpolated between the evaluations around it); null when the run never grokked. */
  secondsToGrok: number | null;
}

function perSecond(amount: number, seconds: number): number | null {
  return seconds > 0 ? finiteOrNull(amount / seconds) : null;
}

/** The curve's training clock at tGrok, interpolated; null when the run never grokked. */
export function secondsToGrok(curve: readonly CurvePoint[], tGrok: number | null): number | null {
  return tGrok === null || curve.length === 0 ? null : finiteOrNull(valueAt(curve, tGrok, (point) => point.trainSeconds));
}

/**
 * Seconds to grok come from the curve's own clock at tGrok, so they exclude
 * evaluation time just as trainSeconds does and compare across evaluation schedules.
 */
export function throughputMetrics(input: ThroughputInput): Throughput {
  const { stepsRun, trainSeconds, examplesPerStep, flopsPerStep, tGrok, curve } = input;
  const rate = perSecond(stepsRun, trainSeconds);
  return {
    stepsPerSecond: rate,
    examplesPerSecond: rate === null ? null : finiteOrNull(rate * examplesPerStep),
    gflops: rate === null ? null : finiteOrNull((rate * flopsPerStep) / 1e9),
    secondsToGrok: secondsToGrok(curve, tGrok),
  };
}
