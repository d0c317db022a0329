import type { CurvePoint } from '@grokbench/trainer';

/**
 * Step at which the held-out score first reaches `level`, linearly interpolated between the
 * evaluation before the crossing and the one at it. Without interpolation every crossing would
 * snap to an evaluation step, so a transition narrower than the eval interval would measure
 * as exactly one interval (or zero) and widths would depend on how often the run evaluated.
 * When the very first evaluation is already at `level` there is nothing earlier to interpolate
 * from, and its step is returned. Null when the level is never reached.
 */
export function crossingStep(curve: readonly CurvePoint[], level: number): number | null {
  return interpolatedCrossing(curve, (point) => point.heldout, level);
}

/**
 * The same for any series: the step at which `value` first reaches `level` at or after index
 * `from`, interpolated from the point before (the point at `from` itself when it is already there).
 */
export function interpolatedCrossing<P extends { step: number }>(points: readonly P[], value: (point: P) => number, level: number, from = 0): number | null {
  let i = from;
  while (i < points.length && value(points[i]) < level) i++;
  if (i === points.length) return null;
  if (i === from) return points[i].step;
  const before = points[i - 1];
  const at = points[i];
  // value(before) < level <= value(at), so the denominator is positive.
  const fraction = (level - value(before)) / (value(at) - value(before));
  return before.step + fraction * (at.step - before.step);
}

/**
 * `value` at `step`, linearly interpolated between the points around it and held constant beyond
 * the first and last: what a series read at an interpolated crossing (tFit, tGrok) was there.
 */
export function valueAt<P extends { step: number }>(points: readonly P[], step: number, value: (point: P) => number): number {
  const after = points.findIndex((point) => point.step >= step);
  if (after === 0) return value(points[0]);
  if (after === -1) return value(points[points.length - 1]);
  const before = points[after - 1];
  const at = points[after];
  return value(before) + ((step - before.step) / (at.step - before.step)) * (value(at) - value(before));
}
