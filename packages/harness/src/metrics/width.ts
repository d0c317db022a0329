import type { CurvePoint } from '@grokbench/trainer';
import { crossingStep } from './crossing.js';

/** The level `fraction` of the way from chance to θ: where the width's ends are measured. */
export function thetaRiseLevel(chance: number, theta: number, fraction: number): number {
  return chance + fraction * (theta - chance);
}

/**
 * Steps between the held-out score first reaching chance + 10 % and first reaching chance + 90 %
 * of θ − chance, with crossings interpolated between evaluations (`crossingStep`). The levels
 * are those of the crossing itself (tGrok is where the score reaches θ), so tGrok / width
 * compares like with like: measured to 90 % of the curve's own maximum instead, the width of a
 * run that overshoots θ would stretch and that of one ending just above θ would shrink. Null
 * when the score never reaches the 90 % level: there is no completed rise to time.
 */
export function width10to90(curve: readonly CurvePoint[], chance: number, theta: number): number | null {
  const start = crossingStep(curve, thetaRiseLevel(chance, theta, 0.1));
  const end = crossingStep(curve, thetaRiseLevel(chance, theta, 0.9));
  return start === null || end === null ? null : end - start;
}
