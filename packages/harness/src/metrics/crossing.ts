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
  const i = curve.findIndex((point) => point.heldout >= level);
  if (i < 0) return null;
  if (i === 0) return curve[0].step;
  const before = curve[i - 1];
  const at = curve[i];
  // before.heldout < level <= at.heldout, so the denominator is positive.
  const fraction = (level - before.heldout) / (at.heldout - before.heldout);
  return before.step + fraction * (at.step - before.step);
}
