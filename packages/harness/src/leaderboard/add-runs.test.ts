import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../run-record.js';
import { addRuns, describeConflict, mergeLeaderboards } from './add-runs.js';
import { LeaderboardError } from './leaderboard-error.js';
import { emptyLeaderboard, type Leaderboard } from './leaderboard.js';
import { FIXED_TIME, leaderboardOf, seededRuns, syntheticRun } from './test-runs.js';
import { validateLeaderboard } from './validate.js';

const NOW = '2025-06-01T00:00:00.000Z';

function runIds(lb: Leaderboard): string[] {
  return lb.entries.flatMap((entry) => entry.runs.map((run) => run.runId));
}

describe('addRuns', () => {
  it('files runs under (task, preset, method), sorted, with summaries', () => {
    const runs = [syntheticRun({ task: 's5', seed: 1 }), syntheticRun({ method: 'grokfast', seed: 2 }), syntheticRun({ seed: 1 }), syntheticRun({ seed: 0 })];
    const { leaderboard, added } = addRuns(emptyLeaderboard(FIXED_TIME), runs, { updatedAt: NOW });
    expect(added).toHaveLength(4);
    expect(leaderboard.updatedAt).toBe(NOW);
    expect(leaderboard.entries.map((e) => `${e.task}/${e.method}`)).toEqual(['modular-add/adamw', 'modular-add/grokfast', 's5/adamw']);
    expect(leaderboard.entries[0].runs.map((r) => r.seed)).toEqual([0, 1]);
    expect(leaderboard.entries[0].summary.runs).toBe(2);
    expect(() => validateLeaderboard(leaderboard)).not.toThrow();
  });

  it('keeps a run recorded again with other timings once, as a duplicate', () => {
    const first = syntheticRun({ seed: 0, tGrok: 1000, stepsPerSecond: 1000 });
    const again: RunRecord = {
      ...syntheticRun({ seed: 0, tGrok: 1000, stepsPerSecond: 700, createdAt: '2025-02-02T00:00:00Z' }),
      environment: { cpuModel: 'Other CPU', cores: 64, node: 'v22.0.0', os: 'darwin' },
      resumedFrom: 2000,
      stoppedBy: 'generalized',
    };
    const lb = leaderboardOf([first]);
    const result = addRuns(lb, [again], { updatedAt: NOW });
    expect(result).toMatchObject({ added: [], duplicates: [first.runId], conflicts: [], replaced: [] });
    expect(result.leaderboard).toEqual(lb);
    expect(result.leaderboard.entries[0].runs[0].throughput.stepsPerSecond).toBe(1000);
  });

  it('reports a run recorded again with another result as a conflict and keeps the first', () => {
    const first = syntheticRun({ seed: 0, tGrok: 1000 });
    const other = syntheticRun({ seed: 0, tGrok: 1500 });
    const result = addRuns(leaderboardOf([first]), [other, syntheticRun({ seed: 1 })]);
    expect(result.added).toEqual([syntheticRun({ seed: 1 }).runId]);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ runId: first.runId, entry: 'modular-add/quick/adamw' });
    expect(result.conflicts[0].differences).toContain('metrics.primary.tGrok');
    expect(describeConflict(result.conflicts[0])).toMatch(/^modular-add\.quick\.adamw\.s0\.synth \(modular-add\/quick\/adamw\) differs in .*metrics\.primary\.tGrok/);
    expect(result.leaderboard.entries[0].runs[0].metrics.primary.tGrok).toBe(1000);
  });

  it('replaces recorded runs on request, and recomputes the summary', () => {
    const lb = leaderboardOf(seededRuns([1000, 2000]));
    const result = addRuns(lb, [syntheticRun({ seed: 1, tGrok: null })], { replace: true });
    expect(result).toMatchObject({ added: [], replaced: [syntheticRun({ seed: 1 }).runId], conflicts: [] });
    expect(result.leaderboard.entries[0].summary.grokked).toBe('1/2');
  });

  it('recomputes the summary of the entry that gained a run, leaving its input alone', () => {
    const lb = leaderboardOf([...seededRuns([1000]), ...seededRuns([300], { method: 'grokfast' })]);
    const before = structuredClone(lb);
    const result = addRuns(lb, [syntheticRun({ seed: 1, tGrok: 3000 })]);
    expect(lb).toEqual(before);
    expect(result.leaderboard.entries[0].summary.tGrok.median).toBe(2000);
    expect(result.leaderboard.entries[1]).toEqual(lb.entries[1]);
  });

  it('refuses a run whose paradigm differs from its entry', () => {
    const lb = leaderboardOf([syntheticRun()]);
    expect(() => addRuns(lb, [syntheticRun({ seed: 1, paradigm: 'reinforcement' })])).toThrow(LeaderboardError);
  });
});

describe('mergeLeaderboards', () => {
  it('of two shards is their union, each run once', () => {
    const all = [...seededRuns([1000, 2000, null, 1500]), ...seededRuns([300, 400], { method: 'grokfast' }), ...seededRuns([null], { task: 's5' })];
    const shardA = leaderboardOf(all.filter((_, i) => i % 2 === 0));
    const shardB = leaderboardOf(all.filter((_, i) => i % 2 === 1));
    const { leaderboard, conflicts, duplicates } = mergeLeaderboards([shardA, shardB]);
    expect(conflicts).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(leaderboard).toEqual(leaderboardOf(all));
    expect(() => validateLeaderboard(leaderboard)).not.toThrow();
  });

  it('keeps a run found in several files once and reports conflicting ones', () => {
    const shared = syntheticRun({ seed: 0 });
    const a = leaderboardOf([shared, syntheticRun({ seed: 1, tGrok: 800 })]);
    const b = leaderboardOf([shared, syntheticRun({ seed: 1, tGrok: 900 }), syntheticRun({ seed: 2 })]);
    const { leaderboard, conflicts, duplicates } = mergeLeaderboards([a, b]);
    expect(runIds(leaderboard)).toEqual([0, 1, 2].map((seed) => syntheticRun({ seed }).runId));
    expect(duplicates).toEqual([shared.runId]);
    expect(conflicts.map((c) => c.runId)).toEqual([syntheticRun({ seed: 1 }).runId]);
    expect(leaderboard.entries[0].runs[1].metrics.primary.tGrok).toBe(800);
  });

  it('dates the merge by its latest input', () => {
    const older = { ...leaderboardOf([syntheticRun()]), updatedAt: '2025-01-01T00:00:00.000Z' };
    const newer = { ...leaderboardOf([syntheticRun({ seed: 1 })]), updatedAt: '2025-03-01T00:00:00.000Z' };
    expect(mergeLeaderboards([newer, older]).leaderboard.updatedAt).toBe('2025-03-01T00:00:00.000Z');
  });
});
