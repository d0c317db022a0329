import type { CurvePoint } from '@grokbench/trainer';
import { fitErf, type ErfFit } from './erf-fit.js';
import { finiteOrNull } from './finite.js';
import { width10to90 } from './width.js';

/**
 * r² an erf fit must reach to be published. Below it more than a tenth of the held-out score's
 * variance is something other than one smooth step (several rises, a collapse, noise of the same
 * size as the rise), so its centre t* and slope s would describe a step the curve does not have:
 * power2022's collapsing run fits with r² = 0.09. Clean grokking curves fit with r² ≥ 0.96.
 */
export const ERF_MIN_R2 = 0.9;

/** How suddenly the held-out score rises. */
export interface Sharpness {
  /**
   * Steps from chance + 10 % to chance + 90 % of θ − chance (the crossing's own levels,
   * interpolated); null when the score never reached the 90 % level.
   */
  width10to90: number | null;
  /**
   * tGrok / width10to90: how long the transition took relative to when it happened, so a late,
   * abrupt jump scores high and a gradual climb scores low, comparably across run lengths.
   */
  relativeSharpness: number | null;
  /** Centre of the fitted erf step b(t) ≈ a·erf(s·(t − t*)) + c, in steps; null without a published fit. */
  tStar: number | null;
  /** Slope of the fitted erf step, per step; null without a published fit. */
  s: number | null;
  /** Erf fit of the whole held-out curve, published only when r² ≥ ERF_MIN_R2. */
  erfFit: ErfFit | null;
  /** r² of the erf fit that was tried, published or not; null when none could be fitted. */
  erfR2: number | null;
  /** Why figures above are null (never grokked, no completed rise, a poor or extrapolated fit); null when none is. */
  reason: string | null;
}

const NONE = { width10to90: null, relativeSharpness: null, tStar: null, s: null, erfFit: null, erfR2: null };

/** A zero width (a jump at the first evaluation) has no meaningful ratio and yields null. */
export function relativeSharpness(tGrok: number | null, width: number | null): number | null {
  if (tGrok === null || width === null || width === 0) return null;
  return finiteOrNull(tGrok / width);
}

/** Why a fit is not published: none, centred outside the evaluated steps (extrapolated), or below the r² gate. */
function erfRejection(fitted: ErfFit | null, first: number, last: number): string | null {
  if (fitted === null) return 'no erf fit';
  if (fitted.tStar < first || fitted.tStar > last) return `erf fit centred at step ${Math.round(fitted.tStar)}, outside the evaluated steps ${first}–${last}`;
  if (fitted.r2 < ERF_MIN_R2) return `erf fit r² ${fitted.r2.toFixed(2)} below the ${ERF_MIN_R2} gate`;
  return null;
}

/**
 * Sharpness of a transition that happened. A run that never grokked has none to time: a width or
 * an erf centre fitted to a partial rise would be a number about a transition that did not occur,
 * so every figure is null with the reason.
 */
export function sharpness(curve: readonly CurvePoint[], chance: number, theta: number, tGrok: number | null): Sharpness {
  if (tGrok === null) return { ...NONE, reason: 'never grokked: the held-out score did not reach the primary threshold' };
  const width = width10to90(curve, chance, theta);
  const fitted = fitErf(curve);
  const rejection = erfRejection(fitted, curve[0].step, curve[curve.length - 1].step);
  const erfFit = rejection === null ? fitted : null;
  const reasons = [width === null ? 'the held-out score never reached chance + 90 % of θ − chance' : null, rejection].filter((r): r is string => r !== null);
  return {
    width10to90: width,
    relativeSharpness: relativeSharpness(tGrok, width),
    tStar: erfFit?.tStar ?? null,
    s: erfFit?.s ?? null,
    erfFit,
    erfR2: fitted?.r2 ?? null,
    reason: reasons.length ? reasons.join('; ') : null,
  };
}
