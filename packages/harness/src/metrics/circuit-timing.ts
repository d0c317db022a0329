import type { CurvePoint } from '@grokbench/trainer';
import { interpolatedCrossing } from './crossing.js';

/**
 * When the circuit became visible, from the task's circuit series (Experiment.companions with
 * `marksCircuit`, the logit table's circuit share): grokking is gradual underneath (Nanda et al.
 * 2023), and a measure that crosses half its rise long before held-out accuracy jumps says the
 * jump could have been seen coming.
 *
 * The rise is taken from the series' first value to its last (its "final rise"), not to its best,
 * so a series that overshoots and settles is timed on where it settled. `formedAt` is where it
 * first covered half that rise, `cleanupEndsAt` 90 % — a proxy for the end of Nanda et al.'s
 * cleanup phase, after which the structure changes little — and `leadSteps` is tGrok − formedAt:
 * positive when the circuit was half-formed before the held-out score reached θ.
 */
export interface CircuitTiming {
  series: string;
  first: number | null;
  final: number | null;
  /** Step at which the series first covered half its rise from first to final value, interpolated (steps). */
  formedAt: number | null;
  /** …and 90 % (steps). */
  cleanupEndsAt: number | null;
  /** tGrok − formedAt (steps); null without a tGrok or a rise. */
  leadSteps: number | null;
  /** Why formedAt is null; null when it is set. */
  reason: string | null;
}

/**
 * A circuit series is a fraction in [0, 1] (a circuit share, an IPR). A rise smaller than this is
 * drift, not a circuit forming: a random table's share is ~1e-4, a memorizer's train fraction ×
 * 2K/n (≈ 0.08 at p = 59), a circuit's most of the table.
 */
export const MIN_CIRCUIT_RISE = 0.05;

export function circuitTiming(curve: readonly CurvePoint[], series: string, tGrok: number | null): CircuitTiming {
  const samples = curve.flatMap((point) => {
    const value = point.extra?.[series];
    return typeof value === 'number' && Number.isFinite(value) ? [{ step: point.step, value }] : [];
  });
  const none = { formedAt: null, cleanupEndsAt: null, leadSteps: null };
  if (samples.length < 2) return { series, first: samples[0]?.value ?? null, final: samples[0]?.value ?? null, ...none, reason: 'fewer than two finite values' };
  const first = samples[0].value;
  const final = samples[samples.length - 1].value;
  const rise = final - first;
  if (!(rise >= MIN_CIRCUIT_RISE)) {
    return { series, first, final, ...none, reason: `${series} rose less than ${MIN_CIRCUIT_RISE} (${first.toPrecision(3)} → ${final.toPrecision(3)})` };
  }
  const crossing = (share: number) => interpolatedCrossing(samples, (s) => s.value, first + share * rise);
  const formedAt = crossing(0.5);
  return { series, first, final, formedAt, cleanupEndsAt: crossing(0.9), leadSteps: tGrok === null || formedAt === null ? null : tGrok - formedAt, reason: null };
}
