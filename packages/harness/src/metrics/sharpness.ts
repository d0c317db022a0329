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
}

/** A zero width (a jump at the first evaluation) has no meaningful ratio and yields null. */
export function relativeSharpness(tGrok: number | null, width: number | null): number | null {
  if (tGrok === null || width === null || width === 0) return null;
  return finiteOrNull(tGrok / width);
}

export function sharpness(curve: readonly CurvePoint[], chance: number, tGrok: number | null): Sharpness {
  const width = width10to90(curve, chance);
  const erfFit = fitErf(curve);
  return {
    width10to90: width,
    relativeSharpness: relativeSharpness(tGrok, width),
    tStar: erfFit?.tStar ?? null,
    s: erfFit?.s ?? null,
    erfFit,
  };
}
