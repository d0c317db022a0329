import type { CurvePoint } from '@grokbench/trainer';
import { fitErf, type ErfFit } from './erf-fit.js';
import { finiteOrNull } from './finite.js';
import { width10to90 } from './width.js';

/** How suddenly the held-out score rises. */
export interface Sharpness {
  /** Steps from 10% to 90% of the rise from chance to the maximum (interpolated); null without a rise. */
  width10to90: number | null;
  /**
   * tGrok / width10to90: how long the transition took relative to when it happened, so a late,
   * abrupt jump scores high and a gradual climb scores low, comparably across run lengths.
   */
  relativeSharpness: number | null;
  /** Centre of the fitted erf step b(t) ≈ a·erf(s·(t − t*)) + c, in steps; null without a fit. */
  tStar: number | null;
  /** Slope of the fitted erf step, per step; null without a fit. */
  s: number | null;
  /** Erf fit of the whole held-out curve; null without a rise. */
  erfFit: ErfFit | null;
  /** Why figures above are null (never grokked, no rise, a fit centred outside the run); null when none is. */
  reason: string | null;
}

const NONE = { width10to90: null, relativeSharpness: null, tStar: null, s: null, erfFit: null };

/** A zero width (a jump at the first evaluation) has no meaningful ratio and yields null. */
export function relativeSharpness(tGrok: number | null, width: number | null): number | null {
  if (tGrok === null || width === null || width === 0) return null;
  return finiteOrNull(tGrok / width);
}

/**
 * Sharpness of a transition that happened. A run that never grokked has none to time: a width or
 * an erf centre fitted to a partial rise would be a number about a transition that did not occur,
 * so every figure is null with the reason. An erf fit whose centre t* lies outside the evaluated
 * steps (negative, or beyond the last step) extrapolates and is dropped likewise.
 */
export function sharpness(curve: readonly CurvePoint[], chance: number, tGrok: number | null): Sharpness {
  if (tGrok === null) return { ...NONE, reason: 'never grokked: the held-out score did not reach the primary threshold' };
  const width = width10to90(curve, chance);
  const fitted = fitErf(curve);
  const first = curve[0].step;
  const last = curve[curve.length - 1].step;
  const inside = fitted !== null && fitted.tStar >= first && fitted.tStar <= last;
  const erfFit = inside ? fitted : null;
  const reasons = [
    width === null ? 'no rise above chance to time' : null,
    fitted === null ? 'no erf fit' : inside ? null : `erf fit centred at step ${Math.round(fitted.tStar)}, outside the evaluated steps ${first}–${last}`,
  ].filter((r): r is string => r !== null);
  return {
    width10to90: width,
    relativeSharpness: relativeSharpness(tGrok, width),
    tStar: erfFit?.tStar ?? null,
    s: erfFit?.s ?? null,
    erfFit,
    reason: reasons.length ? reasons.join('; ') : null,
  };
}
