import fs from 'node:fs';
import type { Leaderboard, LeaderboardEntry, RunRecord } from '@grokbench/harness';
import type { CurveSample } from './load/curve-file.js';

/** The committed reference leaderboard: real run records of every quick task, the baseline seeds 3–7. */
const REFERENCE = new URL('../../../results/leaderboard.json', import.meta.url);

export function referenceLeaderboard(): Leaderboard {
  return JSON.parse(fs.readFileSync(REFERENCE, 'utf8')) as Leaderboard;
}

export function referenceEntry(task = 'modular-add'): LeaderboardEntry {
  const entry = referenceLeaderboard().entries.find((e) => e.task === task);
  if (!entry) throw new Error(`no ${task} entry in the reference leaderboard`);
  return entry;
}

/** A copy of `run` with fields replaced, for outcomes the reference runs do not show (never grokked, diverged). */
export function withRun(run: RunRecord, patch: Record<string, unknown>, primary: Partial<RunRecord['metrics']['primary']> = {}): RunRecord {
  const copy = structuredClone(run) as RunRecord & Record<string, unknown>;
  Object.assign(copy, patch);
  Object.assign(copy.metrics.primary, primary);
  return copy;
}

/**
 * A grokking-shaped curve: evaluations every `every` steps to `last`, train rising first and
 * held-out at `tGrok`, plus any extra named series.
 */
export function grokkingCurve(tFit: number, tGrok: number, last: number, every = 50, extra: Record<string, (step: number) => number> = {}): CurveSample[] {
  const steps = [1, 2, 5, 10, 20, ...Array.from({ length: Math.floor(last / every) }, (_, i) => (i + 1) * every)];
  const rise = (step: number, at: number) => 1 / (1 + Math.exp(-(step - at) / (at / 10)));
  return steps.map((step) => ({
    step,
    series: {
      train: rise(step, tFit * 0.8),
      heldout: 0.01 + 0.99 * rise(step, tGrok * 0.9),
      trainLoss: 4 * (1 - rise(step, tFit * 0.8)) + 1e-4,
      heldoutLoss: 4 * (1 - rise(step, tGrok * 0.9)) + 1e-3,
      weightNorm: 10 + step / 100,
      trainSeconds: step / 150,
      ...Object.fromEntries(Object.entries(extra).map(([name, f]) => [name, f(step)])),
    },
  }));
}

export function toJsonLines(curve: readonly CurveSample[]): string {
  return `${curve.map((sample) => JSON.stringify({ step: sample.step, ...sample.series })).join('\n')}\n`;
}
