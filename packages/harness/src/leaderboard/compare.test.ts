import { describe, expect, it } from 'vitest';
import { formatCompareJson, formatCompareTable } from './compare-format.js';
import { compareLeaderboards, REGRESSION_RULE } from './compare.js';
import type { Leaderboard } from './leaderboard.js';
import { leaderboardOf, seededRuns, type SyntheticRun } from './test-runs.js';

const ADD = 'modular-add/quick/adamw';
const FAST = 'modular-add/quick/grokfast';

function board(add: readonly (number | null)[], fast: readonly (number | null)[] = [300, 350, 400], addOptions: SyntheticRun = {}): Leaderboard {
  return leaderboardOf([...seededRuns(add, addOptions), ...seededRuns(fast, { method: 'grokfast' })]);
}

const base = board([1000, 1100, 1200]);

describe('compareLeaderboards', () => {
  it('finds nothing between identical leaderboards', () => {
    const result = compareLeaderboards(base, structuredClone(base));
    expect(result.regressions).toEqual([]);
    expect(result.improvements).toEqual([]);
    expect(result.rows.map((row) => [row.entry, row.verdict])).toEqual([
      [ADD, 'unchanged'],
      [FAST, 'unchanged'],
    ]);
    expect(result.missing).toEqual({ onlyInBase: [], onlyInHead: [] });
  });

  it('flags tGrok doubled, naming the entry', () => {
    const result = compareLeaderboards(base, board([2000, 2200, 2400]));
    expect(result.regressions).toEqual([{ entry: ADD, metric: 'tGrok', reason: 'median tGrok 2200 > base q3 1150 and > 1.25 × base median 1100' }]);
    const row = result.rows.find((r) => r.entry === ADD)!;
    expect(row.tGrok.changePercent).toBeCloseTo(100, 10);
    expect(result.rows.find((r) => r.entry === FAST)!.verdict).toBe('unchanged');
  });

  it('needs head beyond base q3 and more than 25% above the base median', () => {
    // Beyond q3 (1150) but only 9% worse: seed noise.
    expect(compareLeaderboards(base, board([1100, 1200, 1300])).regressions).toEqual([]);
    // 36% worse but inside a wide base spread (q3 2050).
    const wide = board([1000, 1100, 3000]);
    expect(compareLeaderboards(wide, board([1400, 1500, 1600])).regressions).toEqual([]);
    // One seed (IQR 0): the 25% margin alone decides.
    expect(compareLeaderboards(board([1000]), board([1250])).regressions).toEqual([]);
    expect(compareLeaderboards(board([1000]), board([1260])).regressions.map((r) => r.entry)).toEqual([ADD]);
  });

  it('flags fewer runs grokking even when those that grok are faster', () => {
    const result = compareLeaderboards(base, board([500, null, null]));
    expect(result.regressions).toEqual([{ entry: ADD, metric: 'tGrok', reason: 'grokked 1/3, base 3/3' }]);
  });

  it('compares grokked shares across different seed counts', () => {
    expect(compareLeaderboards(board([1000, null]), board([1000, 1000, null, null])).regressions).toEqual([]);
    expect(compareLeaderboards(board([1000, null]), board([1000, null, null])).regressions.map((r) => r.reason)).toEqual(['grokked 1/3, base 1/2']);
  });

  it('treats a different CPU kind like another seed draw: says so, judges tGrok as usual, compares no throughput', () => {
    const on = (leaderboard: Leaderboard, cpuIsa: string) => {
      const copy = structuredClone(leaderboard);
      for (const run of copy.entries.flatMap((e) => e.runs)) run.environment.cpuIsa = cpuIsa;
      return copy;
    };
    const avx512 = on(board([1000, 1100, 1200], undefined, { stepsPerSecond: 1000 }), 'avx512');
    // Half the speed and much later grokking on another kind of CPU.
    const result = compareLeaderboards(avx512, on(board([2000, 2200, 2400], undefined, { stepsPerSecond: 500 }), 'avx2'));
    const row = result.rows.find((r) => r.entry === ADD)!;
    expect(row.stepsPerSecond.verdict).toBe('not comparable');
    expect(result.regressions.map((r) => r.metric)).toEqual(['tGrok']);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^measured on different CPUs: base .*\(avx512\); head .*\(avx2\): ONNX Runtime picks its CPU kernels by instruction set/);
    expect(formatCompareTable(result)).toContain(`note: ${result.notes[0]}`);
    // The same level on both sides, or a side that does not record it (older runs): throughput compared as before.
    expect(compareLeaderboards(avx512, on(board([1000, 1100, 1200], undefined, { stepsPerSecond: 500 }), 'avx512')).regressions.map((r) => r.metric)).toEqual(['stepsPerSecond']);
    expect(compareLeaderboards(board([1000, 1100, 1200]), avx512).notes).toEqual([]);
  });

  it('flags more runs that grokked and then lost it than the base, like more diverged runs', () => {
    const collapse = (leaderboard: Leaderboard, seeds: number[]) => {
      const copy = structuredClone(leaderboard);
      for (const run of copy.entries.find((e) => e.method === 'adamw')!.runs) if (seeds.includes(run.seed)) run.metrics.final.heldout = 0.2;
      return copy;
    };
    // Same onsets, so tGrok alone would call it unchanged; one seed more ends below 0.95.
    const result = compareLeaderboards(collapse(base, [0]), collapse(base, [0, 2]));
    expect(result.regressions).toEqual([{ entry: ADD, metric: 'lost', reason: 'lost after grokking 2/3, base 1/3' }]);
    expect(result.rows.find((r) => r.entry === ADD)!.verdict).toBe('regression');
    expect(formatCompareTable(result)).toMatch(/regression: modular-add\/quick\/adamw lost: lost after grokking 2\/3, base 1\/3/);
    expect(compareLeaderboards(collapse(base, [0, 2]), collapse(base, [0])).improvements.map((f) => f.metric)).toEqual(['lost']);
  });

  it('flags throughput down 20% but not down 10%', () => {
    const fast = board([1000, 1100, 1200], undefined, { stepsPerSecond: 1000 });
    const down20 = compareLeaderboards(fast, board([1000, 1100, 1200], undefined, { stepsPerSecond: 800 }));
    expect(down20.regressions).toEqual([{ entry: ADD, metric: 'stepsPerSecond', reason: 'median 800 steps/s vs base 1000 (< 0.85 × base)' }]);
    expect(down20.rows[0].stepsPerSecond.changePercent).toBeCloseTo(-20, 10);
    expect(compareLeaderboards(fast, board([1000, 1100, 1200], undefined, { stepsPerSecond: 900 })).regressions).toEqual([]);
  });

  it('reports improvements without failing', () => {
    const result = compareLeaderboards(board([1000, null, 1200]), board([400, 450, 500], undefined, { stepsPerSecond: 1300 }));
    expect(result.regressions).toEqual([]);
    expect(result.improvements.map((f) => `${f.entry} ${f.metric}`)).toEqual([`${ADD} tGrok`, `${ADD} stepsPerSecond`]);
    expect(result.rows[0].verdict).toBe('improvement');
    const halved = compareLeaderboards(base, board([500, 550, 600]));
    expect(halved.improvements[0].reason).toBe('median tGrok 550 < base q1 1050 and < base median 1100 / 1.25');
  });

  it('lists entries found in only one file without judging them', () => {
    const head = leaderboardOf([...seededRuns([1000, 1100, 1200]), ...seededRuns([50], { task: 's5' })]);
    const result = compareLeaderboards(base, head);
    expect(result.missing.onlyInBase).toEqual([expect.stringMatching(new RegExp(`^${FAST} \\[[0-9a-f]{8}\\]$`))]);
    expect(result.missing.onlyInHead).toEqual([expect.stringMatching(/^s5\/quick\/adamw \[[0-9a-f]{8}\]$/)]);
    expect(result.rows.map((row) => row.entry)).toEqual([ADD]);
    expect(result.regressions).toEqual([]);
  });

  it('judges the runs, not a summary edited to look good', () => {
    const head = structuredClone(board([2000, 2200, 2400]));
    head.entries[0].summary = structuredClone(base.entries[0].summary);
    expect(compareLeaderboards(base, head).regressions.map((r) => r.entry)).toEqual([ADD]);
  });

  it('accepts other factors', () => {
    expect(compareLeaderboards(base, board([1100, 1200, 1300]), { tGrokFactor: 1.05 }).regressions.map((r) => r.metric)).toEqual(['tGrok']);
  });

  it('states its rule with the numbers it applies', () => {
    expect(REGRESSION_RULE).toContain('head.median > base.q3 && head.median > 1.25 × base.median');
    expect(REGRESSION_RULE).toContain('head.median < 0.85 × base.median');
  });
});

describe('formatCompareTable', () => {
  const result = compareLeaderboards(base, board([2000, 2200, null], [300, 350, 400]));
  const table = formatCompareTable(result);
  const lines = table.split('\n');

  it('has one aligned row per entry, with medians, quartiles, grokked and verdict', () => {
    expect(lines[0]).toMatch(/^entry\s+base tGrok\s+head tGrok\s+change\s+base steps\/s\s+head steps\/s\s+change\s+diverged\s+lost\s+verdict$/);
    const verdictColumn = lines[0].indexOf('verdict');
    expect(lines[1].startsWith(ADD)).toBe(true);
    expect(lines[1]).toContain('1,100 [1,050–1,150] 3/3');
    expect(lines[1]).toContain('2,100 [2,050–2,150] 2/3');
    expect(lines[1]).toContain('+90.9%');
    expect(lines[1].indexOf('REGRESSION: tGrok')).toBe(verdictColumn);
    expect(lines[2].lastIndexOf('ok')).toBe(verdictColumn);
  });

  it('ends with the regressions and their count', () => {
    expect(lines.slice(3)).toEqual([`regression: ${ADD} tGrok: grokked 2/3, base 3/3`, '1 regression']);
    expect(table.endsWith('\n')).toBe(false);
  });

  it('says when nothing regressed, and shows entries that never grokked', () => {
    const never = formatCompareTable(compareLeaderboards(board([null, null]), board([null, null])));
    expect(never).toContain('never 0/2');
    expect(never.split('\n').at(-1)).toBe('no regressions');
  });
});

describe('formatCompareJson', () => {
  it('is the result as JSON with its schema and rule', () => {
    const result = compareLeaderboards(base, board([2000, 2200, 2400]));
    const parsed = JSON.parse(formatCompareJson(result)) as Record<string, unknown>;
    expect(parsed.schema).toBe('grokbench/compare@1');
    expect(parsed.rule).toBe(REGRESSION_RULE);
    expect(parsed.regressions).toEqual(result.regressions);
    expect(parsed.rows).toEqual(JSON.parse(JSON.stringify(result.rows)));
  });
});
