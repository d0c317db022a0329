import type { CurvePoint } from '@grokbench/trainer';

/**
 * Smallest rise of the held-out score (in score units, i.e. 10 percentage points) that counts
 * as a transition worth timing. Below it, the 10%/90% levels sit within a point or two of each
 * other and evaluation noise on a small held-out set decides where they are crossed, so a width
 * or an erf fit would measure noise; sharpness is reported as null instead.
 */
export const MIN_RISE = 0.1;

// reduce, not Math.max(...scores): spreading a long curve into arguments can overflow the stack.
export function maxHeldout(curve: readonly CurvePoint[]): number {
  return curve.reduce((max, point) => Math.max(max, point.heldout), -Infinity);
}

export function minHeldout(curve: readonly CurvePoint[]): number {
  return curve.reduce((min, point) => Math.min(min, point.heldout), Infinity);
}

/** Level `fraction` of the way from `from` to the held-out maximum. */
export function riseLevel(curve: readonly CurvePoint[], from: number, fraction: number): number {
  return from + fraction * (maxHeldout(curve) - from);
}
