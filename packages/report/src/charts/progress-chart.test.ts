import type { Leaderboard, LeaderboardEntry, RunRecord } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import type { CurveSample } from '../load/curve-file.js';
import { renderSvg } from '../output/render-svg.js';
import { referenceEntry, referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { progressChart } from './progress-chart.js';

interface Spec {
  datasets: { runs: { r: number; paradigm: string; seed: number; formedX: number | null }[]; points: { r: number; x: number; y: number; series: string }[] };
  concat: { title: { text: string } }[];
}

/** A run with tFit 100, chance 0.2, θ 0.95, and a circuit series `ipr` from 0.1 to 0.9 half-formed at 300. */
function runWithCircuit(base: RunRecord, runId: string, circuit: boolean): RunRecord {
  const copy = withRun(base, { runId }, { tFit: 100, theta: 0.95 });
  copy.metrics.chance = 0.2;
  if (circuit) copy.metrics.circuit = { series: 'ipr', first: 0.1, final: 0.9, formedAt: 300, cleanupEndsAt: 600, leadSteps: 500, reason: null };
  else delete copy.metrics.circuit;
  return copy;
}

const sample = (step: number, heldout: number, ipr: number): CurveSample => ({ step, series: { train: 1, heldout, ipr } });

function leaderboardOf(runs: Record<string, RunRecord[]>): Leaderboard {
  const entry = (paradigm: string, list: RunRecord[]) => ({ ...referenceEntry('modular-add'), task: paradigm, paradigm, runs: list }) as LeaderboardEntry;
  return { ...referenceLeaderboard(), entries: Object.entries(runs).map(([paradigm, list]) => entry(paradigm, list)) };
}

describe('progress chart', () => {
  const base = referenceEntry('modular-add').runs[0];

  it('draws held-out and circuit normalized against step / tFit, one panel per paradigm with a circuit, and renders', async () => {
    const leaderboard = leaderboardOf({ supervised: [runWithCircuit(base, 'a', true)], reinforcement: [runWithCircuit(base, 'b', true)], unsupervised: [runWithCircuit(base, 'c', false)] });
    const curve = [sample(5, 0.2, 0.1), sample(100, 0.2, 0.3), sample(300, 0.2, 0.5), sample(1000, 0.95, 0.9)];
    const chart = progressChart(leaderboard, new Map([['a', curve], ['b', curve], ['c', curve]]));
    const spec = chart!.spec as unknown as Spec;
    // The run without circuit timing has no panel; step 5 is before 0.1 × tFit.
    expect(spec.concat.map((p) => p.title.text)).toEqual(['supervised', 'reinforcement']);
    const first = spec.datasets.points.filter((p) => p.r === 0);
    expect(first.filter((p) => p.series === 'held-out score').map((p) => [p.x, p.y])).toEqual([[1, 0], [3, 0], [10, 1]]);
    expect(first.filter((p) => p.series === 'circuit series').map((p) => [p.x, p.y])).toEqual([[1, 0.25], [3, 0.5], [10, 1]]);
    expect(spec.datasets.runs[0].formedX).toBe(3);
    expect(await renderSvg(chart!)).toContain('<svg');
  });

  it('is null when no run times a circuit', () => {
    const leaderboard = leaderboardOf({ supervised: [runWithCircuit(base, 'a', false)] });
    expect(progressChart(leaderboard, new Map([['a', [sample(100, 0.2, 0.1)]]]))).toBeNull();
  });
});
