import { describe, expect, it } from 'vitest';
import { renderSvg } from '../output/render-svg.js';
import { referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { crossParadigmChart } from './cross-paradigm-chart.js';

interface Row {
  paradigm: string;
  seed: number;
  status: string;
  metric: string;
  value: number;
  entry: string;
}

/** The reference leaderboard with an RL entry whose runs: grokked, never grokked, diverged. */
function mixedLeaderboard() {
  const leaderboard = referenceLeaderboard();
  const rl = leaderboard.entries.find((e) => e.task === 's5')!;
  rl.paradigm = 'reinforcement';
  const [grokked, never, diverged] = rl.runs;
  rl.runs = [
    withRun(grokked, { paradigm: 'reinforcement' }),
    withRun(never, { paradigm: 'reinforcement', stoppedBy: 'budget', stepsRun: 20000 }, { tGrok: null, delayRatio: null }),
    withRun(diverged, { paradigm: 'reinforcement', stoppedBy: 'diverged', stepsRun: 1234 }, { tGrok: null, delayRatio: null }),
  ];
  return { leaderboard, rl };
}

describe('crossParadigmChart', () => {
  it('draws every run: one that never grokked at its budget, a diverged one where it stopped, each marked apart', async () => {
    const { leaderboard, rl } = mixedLeaderboard();
    const chart = crossParadigmChart(leaderboard)!;
    const rows = (chart.spec as { data: { values: Row[] } }).data.values;
    const tGrok = (seed: number) => rows.find((r) => r.entry.startsWith('s5/quick/adamw') && r.seed === seed && r.metric.startsWith('tGrok'))!;
    expect(tGrok(0)).toMatchObject({ paradigm: 'reinforcement', status: 'grokked', value: rl.runs[0].metrics.primary.tGrok });
    expect(tGrok(1)).toMatchObject({ status: 'never grokked (at budget)', value: rl.runs[1].config.steps });
    expect(tGrok(2)).toMatchObject({ status: 'diverged (where it stopped)', value: 1234 });
    // Every run of every entry has its tGrok point: none dropped.
    const runs = leaderboard.entries.reduce((n, e) => n + e.runs.length, 0);
    expect(rows.filter((r) => r.metric.startsWith('tGrok'))).toHaveLength(runs);
    // One paradigm per entry, as recorded (the reference file may hold unsupervised entries too).
    expect(new Set(rows.map((r) => r.paradigm))).toEqual(new Set(leaderboard.entries.map((e) => e.paradigm)));
    expect(new Set(rows.map((r) => r.paradigm))).toEqual(expect.objectContaining(new Set(['supervised', 'reinforcement'])));
    const svg = await renderSvg(chart);
    for (const text of ['supervised', 'reinforcement', 'never grokked (at budget)', 'diverged (where it stopped)']) expect(svg).toContain(text);
  });
});
