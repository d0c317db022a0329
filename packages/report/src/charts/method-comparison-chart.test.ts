import type { LeaderboardEntry } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../output/render-svg.js';
import { referenceEntry, withRun } from '../test-leaderboard.js';
import { methodComparisonCharts, methodGroups } from './method-comparison-chart.js';

function asMethod(entry: LeaderboardEntry, method: string, extra: Record<string, unknown> = {}): LeaderboardEntry {
  return { ...entry, ...extra, method, runs: entry.runs.map((run) => withRun(run, { method, runId: `${run.runId}-${method}` })) };
}

describe('methodComparisonCharts', () => {
  const baseline = referenceEntry('modular-mul');
  const grokfast = asMethod(baseline, 'grokfast-ema');

  it('groups entries that differ only in method, and leaves single-method entries alone', () => {
    const groups = methodGroups([baseline, grokfast, referenceEntry('s5')]);
    expect(groups.map((g) => g.map((e) => e.method))).toEqual([['adamw', 'grokfast-ema']]);
  });

  it('groups methods whose entries carry their own configId and an empty variant, as the harness writes them', () => {
    const groups = methodGroups([asMethod(baseline, 'adamw', { configId: 'aaaa0000', variant: '' }), asMethod(baseline, 'grokfast-ema', { configId: 'bbbb1111', variant: '' })]);
    expect(groups.map((g) => g.map((e) => e.method))).toEqual([['adamw', 'grokfast-ema']]);
  });

  it('never compares across an extra label such as a variant', () => {
    expect(methodGroups([asMethod(baseline, 'adamw', { variant: 'a' }), asMethod(baseline, 'grokfast-ema', { variant: 'b' })])).toEqual([]);
  });

  it('draws tGrok and wall seconds per seed, a run that never grokked at its budget', async () => {
    const never = { ...grokfast, runs: [withRun(grokfast.runs[0], {}, { tGrok: null }), ...grokfast.runs.slice(1)] };
    const [chart] = methodComparisonCharts([baseline, never]);
    const rows = (chart.spec as { data: { values: { method: string; seed: string; metric: string; value: number; status: string }[] } }).data.values;
    expect(rows).toHaveLength(2 * 2 * baseline.runs.length);
    expect(rows.find((r) => r.method === 'grokfast-ema' && r.seed === `seed ${never.runs[0].seed}` && r.metric.startsWith('tGrok'))).toMatchObject({
      value: never.runs[0].config.steps,
      status: 'never grokked (at budget)',
    });
    const svg = await renderSvg(chart);
    for (const text of ['adamw', 'grokfast-ema', 'wall seconds', `seed ${baseline.runs[2].seed}`]) expect(svg).toContain(text);
  });

  it('draws a run that reached θ and ended below it at its tGrok, marked lost, never as grokked', () => {
    const collapsed = structuredClone(grokfast.runs[1]);
    collapsed.metrics.final.heldout = 0.5;
    const [chart] = methodComparisonCharts([baseline, { ...grokfast, runs: [grokfast.runs[0], collapsed, ...grokfast.runs.slice(2)] }]);
    const rows = (chart.spec as { data: { values: { method: string; seed: string; metric: string; value: number; status: string }[] } }).data.values;
    expect(rows.find((r) => r.method === 'grokfast-ema' && r.seed === `seed ${collapsed.seed}` && r.metric.startsWith('tGrok'))).toMatchObject({
      value: collapsed.metrics.primary.tGrok,
      status: 'lost (at tGrok; ended below θ)',
    });
  });
});
