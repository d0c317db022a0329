import type { CurvePoint } from '@grokbench/trainer';
import { finiteOrNull } from './finite.js';

/** Consecutive evaluations the held-out score must stay at or above θ to count as sustained. */
export const SUSTAIN_EVALUATIONS = 3;

/** Onset figures of one run at one threshold θ (steps are evaluated steps; null = not reached). */
export interface ThresholdMetrics {
  theta: number;
  /** First evaluated step with train score ≥ θ. */
  tFit: number | null;
  /** First evaluated step with held-out score ≥ θ. */
  tGrok: number | null;
  /** First evaluated step from which the held-out score is ≥ θ at it and the next two evaluations. */
  tGrokSustained: number | null;
  /** tGrok − tFit; negative when the held-out score reaches θ before the train score does. */
  delay: number | null;
  /** tGrok / tFit; null when tFit is 0 (see `delayRatio`). */
  delayRatio: number | null;
}

type Score = 'train' | 'heldout';

export function firstStepReaching(curve: readonly CurvePoint[], score: Score, theta: number): number | null {
  return curve.find((point) => point[score] >= theta)?.step ?? null;
}

/**
 * A single lucky evaluation can cross θ on a small held-out set; requiring a run of
 * evaluations separates generalization from noise. A run cut off by the end of the curve
 * is not evidence of staying above θ, so it does not count.
 */
export function firstSustainedStep(
  curve: readonly CurvePoint[],
  theta: number,
  window = SUSTAIN_EVALUATIONS,
): number | null {
  let runLength = 0;
  for (let i = 0; i < curve.length; i++) {
    runLength = curve[i].heldout >= theta ? runLength + 1 : 0;
    if (runLength === window) return curve[i - window + 1].step;
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

export function thresholdMetrics(curve: readonly CurvePoint[], theta: number): ThresholdMetrics {
  const tFit = firstStepReaching(curve, 'train', theta);
  const tGrok = firstStepReaching(curve, 'heldout', theta);
  return {
    theta,
    tFit,
    tGrok,
    tGrokSustained: firstSustainedStep(curve, theta),
    delay: tFit === null || tGrok === null ? null : tGrok - tFit,
    delayRatio: delayRatio(tFit, tGrok),
  };
}
