import type { CurvePoint } from '@grokbench/trainer';

/**
 * The metrics assume a curve sorted by step with finite scores; an unsorted or NaN-laden curve
 * would yield plausible-looking but wrong onsets, so it is rejected with a message naming the
 * offending evaluation rather than measured.
 */
export function assertValidCurve(curve: readonly CurvePoint[]): void {
  if (curve.length === 0) throw new RangeError('curve has no evaluations');
  curve.forEach((point, i) => {
    for (const key of ['step', 'train', 'heldout'] as const) {
      if (!Number.isFinite(point[key])) {
        throw new RangeError(`curve point ${i} (step ${point.step}) has non-finite ${key}: ${point[key]}`);
      }
    }
    if (i > 0 && point.step <= curve[i - 1].step) {
      throw new RangeError(`curve steps must increase strictly: step ${point.step} follows ${curve[i - 1].step}`);
    }
  });
}
