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

function samplesOf(curve: readonly CurvePoint[], name: string, better: CompanionSpec['better']): Sample[] {
  return curve.flatMap((point) => {
    const value = point.extra?.[name];
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
