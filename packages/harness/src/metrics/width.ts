import type { CurvePoint } from '@grokbench/trainer';
import { crossingStep } from './crossing.js';
import { MIN_RISE, maxHeldout, riseLevel } from './rise.js';

/**
 * Steps between the held-out score first reaching 10% and first reaching 90% of its rise from
 * the chance level to its maximum, with crossings interpolated between evaluations
 * (`crossingStep`). The rise is measured from chance rather than from the curve's minimum so
 * that runs of one task share the same reference level. Null when the maximum is less than
 * `MIN_RISE` above chance: there is no transition to time.
 */
export function width10to90(curve: readonly CurvePoint[], chance: number): number | null {
  if (maxHeldout(curve) - chance < MIN_RISE) return null;
  const start = crossingStep(curve, riseLevel(curve, chance, 0.1));
  const end = crossingStep(curve, riseLevel(curve, chance, 0.9));
  // Both levels are at most the maximum, so both are reached; the guard only narrows types.
  return start === null || end === null ? null : end - start;
}
