import type { CurvePoint } from '@grokbench/trainer';
import { interpolatedCrossing } from './crossing.js';

/** Which way a companion series improves, as the task declared it (Experiment.companions). */
export interface CompanionSpec {
  better: 'higher' | 'lower';
  description?: string;
}

/**
 * Timing of a continuous companion series (held-out −ELBO, action accuracy, …): the transition is
 * its improvement from the worst value it took before its best to that best. Thresholded scores
 * can make a smooth change look like a jump (Levi et al. 2023); a companion whose onset and width
 * agree with the score's says the jump is real.
 */
export interface CompanionMetrics {
  better: 'higher' | 'lower';
  description: string | null;
  first: number | null;
  best: number | null;
  bestStep: number | null;
  /** Step where the series first covered 10 % of its improvement (after its worst point), interpolated. */
  onset: number | null;
  /** …and 90 %. */
  end90: number | null;
  /** end90 − onset (steps). */
  width10to90: number | null;
  /** Why the timings are null (no finite values, no improvement); null when they exist. */
  reason: string | null;
}

interface Sample {
  step: number;
  /** The value oriented so that higher is better. */
  good: number;
  value: number;
}

/** Series every curve point carries; any other companion name is read from the point's `extra`. */
export const BUILT_IN_SERIES = ['heldoutLoss', 'trainLoss'] as const;

function seriesValue(point: CurvePoint, name: string): unknown {
  return (BUILT_IN_SERIES as readonly string[]).includes(name) ? point[name as (typeof BUILT_IN_SERIES)[number]] : point.extra?.[name];
}

function samplesOf(curve: readonly CurvePoint[], name: string, better: CompanionSpec['better']): Sample[] {
  return curve.flatMap((point) => {
    const value = seriesValue(point, name);
    if (typeof value !== 'number' || !Number.isFinite(value)) return [];
    return [{ step: point.step, value, good: better === 'higher' ? value : -value }];
  });
}

/** Relative size below which an "improvement" is float noise, not a transition. */
const MIN_RELATIVE_CHANGE = 1e-6;

export function companionMetrics(curve: readonly CurvePoint[], name: string, spec: CompanionSpec): CompanionMetrics {
  const samples = samplesOf(curve, name, spec.better);
  const base = { better: spec.better, description: spec.description ?? null };
  const none = { first: null, best: null, bestStep: null, onset: null, end90: null, width10to90: null };
  if (samples.length === 0) return { ...base, ...none, reason: 'no finite values' };
  const bestIndex = samples.reduce((b, s, i) => (s.good > samples[b].good ? i : b), 0);
  const worstIndex = samples.slice(0, bestIndex + 1).reduce((w, s, i) => (s.good < samples[w].good ? i : w), 0);
  const best = samples[bestIndex];
  const worst = samples[worstIndex];
  const measured = { first: samples[0].value, best: best.value, bestStep: best.step };
  const rise = best.good - worst.good;
  if (!(rise > MIN_RELATIVE_CHANGE * Math.max(1, Math.abs(best.good)))) {
    return { ...base, ...measured, onset: null, end90: null, width10to90: null, reason: 'no improvement to time' };
  }
  const good = (sample: Sample) => sample.good;
  const onset = interpolatedCrossing(samples, good, worst.good + 0.1 * rise, worstIndex);
  const end90 = interpolatedCrossing(samples, good, worst.good + 0.9 * rise, worstIndex);
  const width = onset === null || end90 === null ? null : end90 - onset;
  return { ...base, ...measured, onset, end90, width10to90: width, reason: null };
}

/** Every companion the experiment declared, by name. */
export function companionsMetrics(curve: readonly CurvePoint[], specs: Readonly<Record<string, CompanionSpec>>): Record<string, CompanionMetrics> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, companionMetrics(curve, name, spec)]));
}

/**
 * Whether the task's primary companion series tells the same story as the score. A thresholded
 * score can jump long after fitting while the quantity it thresholds improved smoothly and early
 * (Levi et al. 2023); then "grokking" is an artefact of the threshold. For a verdict that claims
 * a delayed rise (grokking, semi-grokking) the companion must finish 90 % of its improvement
 * after training fit; for other verdicts there is no delay to corroborate (`agrees` null).
 */
export interface CompanionAgreement {
  /** The primary companion: the task's choice, or the held-out loss when it names none. */
  series: string;
  /** Step at which it covered 90 % of its improvement (interpolated); null when it did not improve. */
  end90: number | null;
  /** False when the verdict claims a delayed rise but the companion finished before tFit; null when not checked. */
  agrees: boolean | null;
  /** Why it disagrees, or why it could not be checked; null when it agrees. */
  note: string | null;
}

export interface PrimaryCompanion extends CompanionSpec {
  name: string;
}

export function companionAgreement(curve: readonly CurvePoint[], companion: PrimaryCompanion, claimsDelay: boolean, tFit: number | null): CompanionAgreement {
  const timing = companionMetrics(curve, companion.name, companion);
  const base = { series: companion.name, end90: timing.end90 };
  if (!claimsDelay) return { ...base, agrees: null, note: null };
  if (timing.end90 === null || tFit === null) return { ...base, agrees: null, note: `${companion.name}: ${timing.reason ?? 'no fit to compare with'}` };
  if (timing.end90 > tFit) return { ...base, agrees: true, note: null };
  return { ...base, agrees: false, note: `${companion.name} finished 90 % of its improvement at step ${Math.round(timing.end90)}, before training fit at ${Math.round(tFit)}` };
}
