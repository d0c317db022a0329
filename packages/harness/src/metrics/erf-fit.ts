import type { CurvePoint } from '@grokbench/trainer';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { crossingStep } from './crossing.js';
import { erf, erfDerivative } from './erf.js';
import { MIN_RISE, maxHeldout, minHeldout, riseLevel } from './rise.js';

/**
 * Least-squares fit of the held-out score to b(t) ≈ a·erf(s·(t − t*)) + c: a smooth step whose
 * centre t* is an onset estimate that uses every evaluation (not just the first crossing) and
 * whose slope s is a sharpness that does not depend on the evaluation interval.
 */
export interface ErfFit {
  /** Centre of the transition, in steps. */
  tStar: number;
  /** Slope, per step; the 10–90% width of the fitted step is ERF_WIDTH_10_90 / s. */
  s: number;
  /** Half the height of the step (score units). */
  a: number;
  /** Midpoint level of the step (score units). */
  c: number;
  /** Coefficient of determination of the fit over all evaluations. */
  r2: number;
  /** Root-mean-square residual (score units). */
  rmse: number;
}

/**
 * erf(x) = ±0.8 at x = ±0.906194 (erf⁻¹(0.8)), and a·erf + c spans [c − a, c + a], so
 * its 10% and 90% levels (c ∓ 0.8a) are 2·0.906194/s apart: width ≈ 1.8124 / s.
 */
export const ERF_WIDTH_10_90 = 2 * 0.9061938024368233;

/** Four parameters need at least four evaluations. */
const MIN_POINTS = 4;
/**
 * ml-levenberg-marquardt stops only at an absolute error or an iteration cap, so on a noisy
 * curve it would always spend the whole cap after converging (typically within 20 iterations).
 * It is therefore run in short rounds, each resuming from the previous optimum, until a round
 * improves the squared error by less than STALL_FRACTION of the data's total sum of squares
 * (i.e. R² moves by less than that).
 */
const ROUND_ITERATIONS = 20;
const MAX_ROUNDS = 50;
const STALL_FRACTION = 1e-9;
// Scores live in [0, 1]; bounding the parameters stops a poor start from wandering off.
const MIN_PARAMS = [0, 1e-3, -1, -0.5];
const MAX_PARAMS = [1, 1e7, 2, 1.5];

type Params = [a: number, s: number, tStar: number, c: number];

const model =
  ([a, s, tStar, c]: number[]) =>
  (x: number): number =>
    a * erf(s * (x - tStar)) + c;

// An analytic Jacobian is exact and avoids the library's finite differences, whose fixed step
// would be far too coarse for a steep erf in normalized time.
const jacobian =
  ([a, s, tStar]: number[]) =>
  (x: number): number[] => {
    const slope = a * erfDerivative(s * (x - tStar));
    return [erf(s * (x - tStar)), slope * (x - tStar), -slope * s, 1];
  };

/**
 * Start values in normalized time from the curve itself: the 50% crossing for t*, the 10–90
 * width for s, and the observed range for a and c. Levels are taken from the curve's own
 * minimum (not chance) because that is the range a·erf + c must span.
 */
function initialGuess(curve: readonly CurvePoint[], scale: number): Params {
  const lo = minHeldout(curve);
  const hi = maxHeldout(curve);
  const at = (fraction: number): number => crossingStep(curve, riseLevel(curve, lo, fraction)) ?? curve[0].step;
  const smallestGap = curve.slice(1).reduce((gap, point, i) => Math.min(gap, point.step - curve[i].step), Infinity);
  const width = Math.max(at(0.9) - at(0.1), smallestGap);
  return [(hi - lo) / 2, ERF_WIDTH_10_90 / (width / scale), at(0.5) / scale, (hi + lo) / 2];
}

function sumOfSquares(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
}

function leastSquares(data: { x: number[]; y: number[] }, start: Params): number[] {
  const stall = STALL_FRACTION * sumOfSquares(data.y);
  let params: number[] = start;
  let previousError = Infinity;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = levenbergMarquardt(data, model, {
      initialValues: params,
      jacobianFunction: jacobian,
      minValues: MIN_PARAMS,
      maxValues: MAX_PARAMS,
      maxIterations: ROUND_ITERATIONS,
      errorTolerance: 1e-12,
    });
    params = result.parameterValues;
    if (previousError - result.parameterError <= stall) break;
    previousError = result.parameterError;
  }
  return params;
}

function goodness(curve: readonly CurvePoint[], predict: (step: number) => number): { r2: number; rmse: number } {
  const residual = curve.reduce((sum, point) => sum + (point.heldout - predict(point.step)) ** 2, 0);
  const total = sumOfSquares(curve.map((point) => point.heldout));
  return { r2: 1 - residual / total, rmse: Math.sqrt(residual / curve.length) };
}

/**
 * Null when the held-out range is below MIN_RISE (nothing step-like to fit), when there are
 * fewer than four evaluations, or when the optimizer does not return finite parameters.
 * Time is fitted as step / lastStep so that t* and s are O(1) whatever the run length, which
 * keeps the normal equations well conditioned; results are converted back to steps.
 */
export function fitErf(curve: readonly CurvePoint[]): ErfFit | null {
  if (curve.length < MIN_POINTS || maxHeldout(curve) - minHeldout(curve) < MIN_RISE) return null;
  const scale = curve[curve.length - 1].step;
  if (!(scale > 0)) return null;
  const data = { x: curve.map((point) => point.step / scale), y: curve.map((point) => point.heldout) };
  let params: number[];
  try {
    params = leastSquares(data, initialGuess(curve, scale));
  } catch {
    return null;
  }
  if (!params.every(Number.isFinite)) return null;
  const [a, s, tStar, c] = params;
  const fit = { tStar: tStar * scale, s: s / scale, a, c };
  const { r2, rmse } = goodness(curve, (step) => a * erf(fit.s * (step - fit.tStar)) + c);
  return Number.isFinite(r2) && Number.isFinite(rmse) ? { ...fit, r2, rmse } : null;
}
