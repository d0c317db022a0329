import type { CurvePoint } from '@grokbench/trainer';

/** A curve point with only the fields the metrics read; the rest are fixed, irrelevant values. */
export function point(step: number, train: number, heldout: number, trainSeconds = step / 100): CurvePoint {
  return { step, train, heldout, trainLoss: 0, heldoutLoss: 0, weightNorm: 1, trainSeconds };
}

/** Curve with evaluations every `every` steps from 0, scores given per evaluation. */
export function curveOf(every: number, train: readonly number[], heldout: readonly number[]): CurvePoint[] {
  if (train.length !== heldout.length) throw new Error('train and heldout lengths differ');
  return train.map((score, i) => point(i * every, score, heldout[i]));
}

/** Every number anywhere inside `value` (so NaN hidden by JSON.stringify's null is still seen). */
export function allNumbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allNumbers);
  return [];
}
