import type { CurvePoint } from '@grokbench/trainer';
import { interpolatedCrossing, valueAt } from './crossing.js';
import { finiteOrNull } from './finite.js';

/** Consecutive evaluations the held-out score must stay at or above θ to count as sustained. */
export const SUSTAIN_EVALUATIONS = 3;

/**
 * Onset figures of one run at one threshold θ. Steps are interpolated between the evaluation
 * before a crossing and the one at it (`interpolatedCrossing`), so a delay ratio is not off by a
 * whole evaluation interval; null = not reached.
 */
export interface ThresholdMetrics {
  theta: number;
  /** Step at which the train score first reaches θ. */
  tFit: number | null;
  /** Step at which the held-out score first reaches θ. */
  tGrok: number | null;
  /** Step at which the held-out score reaches θ to stay there for the next SUSTAIN_EVALUATIONS evaluations. */
  tGrokSustained: number | null;
  /** tGrok − tFit; negative when the held-out score reaches θ before the train score does. */
  delay: number | null;
  /** tGrok / tFit; null when tFit is 0 (see `delayRatio`). */
  delayRatio: number | null;
  /** Held-out score at tFit (interpolated between evaluations); null when training never fit. */
  heldoutAtFit: number | null;
  /**
   * Rise after fit F: the share of the chance → θ rise of the held-out score still to come when
   * training fit, (θ − heldoutAtFit) / (θ − chance) clamped to [0, 1]. 1 = the held-out score was
   * at chance when the train score reached θ (all of the rise after fitting); 0 = it was already
   * at θ. Null when training never fit.
   */
  riseAfterFit: number | null;
}

type Score = 'train' | 'heldout';

export function firstStepReaching(curve: readonly CurvePoint[], score: Score, theta: number): number | null {
  return interpolatedCrossing(curve, (point) => point[score], theta);
}

/**
 * A single lucky evaluation can cross θ on a small held-out set; requiring a run of
 * evaluations separates generalization from noise. A run cut off by the end of the curve
 * is not evidence of staying above θ, so it does not count. The step is interpolated into the
 * interval before the run's first evaluation, like every other crossing.
 */
export function firstSustainedStep(
  curve: readonly CurvePoint[],
  theta: number,
  window = SUSTAIN_EVALUATIONS,
): number | null {
  let runLength = 0;
  for (let i = 0; i < curve.length; i++) {
    runLength = curve[i].heldout >= theta ? runLength + 1 : 0;
    if (runLength === window) {
      const first = i - window + 1;
      return first === 0 ? curve[0].step : interpolatedCrossing(curve, (point) => point.heldout, theta, first - 1);
    }
  }
  return null;
}

/**
 * tFit = 0 means the train score was already at θ before any optimizer step; a ratio to zero
 * carries no information about delay (it would be 0/0 or +∞), so it is null rather than
 * Infinity, which JSON cannot hold. `classifyPhase` handles that case explicitly.
 */
export function delayRatio(tFit: number | null, tGrok: number | null): number | null {
  if (tFit === null || tGrok === null || tFit === 0) return null;
  return finiteOrNull(tGrok / tFit);
}

/** The held-out score at `step`, linearly interpolated between the evaluations around it. */
export function heldoutAt(curve: readonly CurvePoint[], step: number): number {
  return valueAt(curve, step, (point) => point.heldout);
}

/** (θ − score) / (θ − chance), clamped to [0, 1]: how much of the chance → θ rise is still to come. */
export function riseRemaining(score: number, chance: number, theta: number): number {
  if (!(theta > chance)) return 0;
  return Math.min(1, Math.max(0, (theta - score) / (theta - chance)));
}

export function thresholdMetrics(curve: readonly CurvePoint[], theta: number, chance: number): ThresholdMetrics {
  const tFit = firstStepReaching(curve, 'train', theta);
  const tGrok = firstStepReaching(curve, 'heldout', theta);
  const heldoutAtFit = tFit === null ? null : heldoutAt(curve, tFit);
  return {
    theta,
    tFit,
    tGrok,
    tGrokSustained: firstSustainedStep(curve, theta),
    delay: tFit === null || tGrok === null ? null : tGrok - tFit,
    delayRatio: delayRatio(tFit, tGrok),
    heldoutAtFit,
    riseAfterFit: heldoutAtFit === null ? null : riseRemaining(heldoutAtFit, chance, theta),
  };
}
