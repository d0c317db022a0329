import type { CurvePoint } from '@grokbench/trainer';
import { companionsMetrics, type CompanionMetrics, type CompanionSpec } from './companion-metrics.js';
import { assertValidCurve } from './curve-checks.js';
import { classifyPhase, type Phase } from './phase.js';
import { sharpness, type Sharpness } from './sharpness.js';
import { thresholdMetrics, type ThresholdMetrics } from './threshold-metrics.js';

export const THETA_PRIMARY = 0.95;
export const THETA_STRICT = 0.99;

export interface RunMetricsOptions {
  /** Held-out score of a model that guesses (e.g. 1/p for modular arithmetic). */
  chance: number;
  /** Threshold reported as primary and used for the phase and relativeSharpness; default 0.95. */
  thetaPrimary?: number;
  /** Stricter threshold reported alongside; default 0.99. */
  thetaStrict?: number;
  /** The experiment's continuous companion series (curve point `extra`), timed as well. */
  companions?: Readonly<Record<string, CompanionSpec>>;
}

/** Grokking metrics of one run, all JSON-safe: a figure that does not exist is null, never NaN. */
export interface RunMetrics {
  chance: number;
  /** Scores at the last evaluation the run kept (`step`): where it stopped, or before it diverged. */
  final: { train: number; heldout: number; step: number };
  primary: ThresholdMetrics;
  strict: ThresholdMetrics;
  sharpness: Sharpness;
  phase: Phase;
  /** Onset and width of each companion series; absent when the task declares none. */
  companions?: Record<string, CompanionMetrics>;
}

function assertUnitInterval(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
}

/** Throws RangeError on an empty, unsorted or non-finite curve, or on a chance/θ outside [0, 1]. */
export function computeRunMetrics(curve: readonly CurvePoint[], options: RunMetricsOptions): RunMetrics {
  const { chance, thetaPrimary = THETA_PRIMARY, thetaStrict = THETA_STRICT } = options;
  assertUnitInterval('chance', chance);
  assertUnitInterval('thetaPrimary', thetaPrimary);
  assertUnitInterval('thetaStrict', thetaStrict);
  assertValidCurve(curve);
  const primary = thresholdMetrics(curve, thetaPrimary);
  const last = curve[curve.length - 1];
  return {
    chance,
    final: { train: last.train, heldout: last.heldout, step: last.step },
    primary,
    strict: thresholdMetrics(curve, thetaStrict),
    sharpness: sharpness(curve, chance, primary.tGrok),
    phase: classifyPhase(primary),
    ...(options.companions && Object.keys(options.companions).length ? { companions: companionsMetrics(curve, options.companions) } : {}),
  };
}
