import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetedConfigIdOf } from '../config-fingerprint.js';
import type { RunRecord } from '../run-record.js';
import { withoutBudget } from '../variant-label.js';
import { addRuns } from './add-runs.js';
import { censoringCaveat } from './budgets.js';
import { compareLeaderboards } from './compare.js';
import { formatCompareTable } from './compare-format.js';
import { readLeaderboard } from './leaderboard-file.js';
import { emptyLeaderboard, type Leaderboard } from './leaderboard.js';
import { summarizeEntry } from './summarize-entry.js';
import { FIXED_TIME, leaderboardOf, syntheticRun } from './test-runs.js';
import { validateLeaderboard } from './validate.js';

/** A run of one seed with its own budget, labelled as planRun labels it ("steps=N, threads=1"). */
function budgeted(seed: number, steps: number, tGrok: number | null): RunRecord {
  return { ...syntheticRun({ preset: 'grokfast2024', seed, steps, tGrok, tag: `b${steps}` }), variant: `steps=${steps}, threads=1` };
}

/** The grokfast2024 baseline as recorded: three seeds, three budgets, each grokked near its end. */
const baseline = () => [budgeted(0, 40_600, 37_200), budgeted(1, 38_700, 37_600), budgeted(2, 20_600, 19_500)];

/** A leaderboard as files written before budgets shared an entry hold it: one entry per budget, configIds with the budget. */
function writtenPerBudget(runs: readonly RunRecord[]): Leaderboard {
  const entries = runs.map((run) => {
    const [entry] = leaderboardOf([run]).entries;
    return { ...entry, configId: budgetedConfigIdOf(run), variant: run.variant };
  });
  return { ...emptyLeaderboard(FIXED_TIME), entries };
}

function tempFile(prefix: string, data: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'leaderboard.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('runs that differ only in their step budget', () => {
  it('share one entry, named without the budget, each run keeping its own', () => {
    const lb = addRuns(emptyLeaderboard(FIXED_TIME), baseline()).leaderboard;
    expect(lb.entries).toHaveLength(1);
    const [entry] = lb.entries;
    expect(entry.variant).toBe('threads=1');
    expect(entry.runs.map((run) => [run.seed, run.config.steps, run.variant])).toEqual([
      [0, 40_600, 'steps=40600, threads=1'],
      [1, 38_700, 'steps=38700, threads=1'],
      [2, 20_600, 'steps=20600, threads=1'],
    ]);
    expect(entry.summary).toMatchObject({ grokked: '3/3', budgets: { min: 20_600, max: 40_600 }, censoredAt: [] });
    expect(entry.summary.tGrok.median).toBe(37_200);
  });

  it('drops only the budget from a variant label', () => {
    expect(withoutBudget('data.p=23, steps=200, threads=1')).toBe('data.p=23, threads=1');
    expect(withoutBudget('steps=200')).toBe('');
    expect(withoutBudget('')).toBe('');
    expect(withoutBudget('evalSteps=5, optimizer.warmupSteps=10')).toBe('evalSteps=5, optimizer.warmupSteps=10');
  });

  it('in a file written with one entry per budget, are regrouped on read into one entry, no run lost', () => {
    const other = syntheticRun({ preset: 'grokfast2024', seed: 5, tGrok: null, tag: 'lr' });
    const otherLr = { ...other, variant: 'optimizer.lr=0.1', config: { ...other.config, optimizer: { ...other.config.optimizer, lr: 0.1 } } };
    const legacy = writtenPerBudget([...baseline(), otherLr]);
    expect(() => validateLeaderboard(legacy)).not.toThrow();
    const read = readLeaderboard(tempFile('grokbench-budgets-', legacy));
    expect(read.entries.map((e) => [e.variant, e.runs.map((r) => r.seed)])).toEqual([
      ['optimizer.lr=0.1', [5]],
      ['threads=1', [0, 1, 2]],
    ]);
    expect(read.entries.flatMap((e) => e.runs.map((r) => r.runId)).sort()).toEqual(legacy.entries.flatMap((e) => e.runs.map((r) => r.runId)).sort());
    expect(read.updatedAt).toBe(FIXED_TIME);
    // Recording into such a file adds to the regrouped entry.
    const added = addRuns(legacy, [budgeted(3, 6_000, null)]).leaderboard;
    expect(added.entries.find((e) => e.variant === 'threads=1')!.summary).toMatchObject({ runs: 4, grokked: '3/4', censoredAt: [6_000] });
  });

  it('in the committed results/papers.json, read as the grokfast2024 baseline of one 3-seed entry', () => {
    const raw = JSON.parse(fs.readFileSync('results/papers.json', 'utf8')) as Leaderboard;
    const read = readLeaderboard('results/papers.json');
    const ids = (lb: Leaderboard) => lb.entries.flatMap((e) => e.runs.map((r) => r.runId)).sort();
    expect(ids(read)).toEqual(ids(raw));
    const adamw = read.entries.filter((e) => e.task === 'modular-mul' && e.preset === 'grokfast2024' && e.method === 'adamw');
    expect(adamw).toHaveLength(1);
    expect(adamw[0].variant).toBe('threads=1');
    expect(adamw[0].summary.runs).toBe(3);
    expect(adamw[0].runs.map((r) => r.seed)).toEqual([0, 1, 2]);
  });

  it('still may not hold a run of another configuration', () => {
    const legacy = writtenPerBudget(baseline());
    const other = { ...baseline()[0], runId: 'x.lr', config: { ...baseline()[0].config, optimizer: { ...baseline()[0].config.optimizer, lr: 0.1 } } };
    legacy.entries[0] = { ...legacy.entries[0], runs: [...legacy.entries[0].runs, other] };
    expect(() => validateLeaderboard(legacy)).toThrow(/x\.lr of configuration [0-9a-f]{8}, filed under entry/);
  });
});

describe('censoring in the summary', () => {
  it('gives the budget range and, per run that never grokked, the step it is censored at', () => {
    const runs = [budgeted(0, 40_600, 37_200), budgeted(1, 6_000, null), budgeted(2, 20_600, null), syntheticRun({ seed: 3, tGrok: null, diverged: 300, tag: 'd' })];
    const summary = summarizeEntry(runs);
    expect(summary).toMatchObject({ runs: 4, grokked: '1/4', diverged: 1, budgets: { min: 5_000, max: 40_600 }, censoredAt: [6_000, 20_600] });
    // The median is over the one run that grokked: stated as not comparable.
    expect(summary.tGrok.median).toBe(37_200);
    expect(censoringCaveat(summary)).toMatch(/^budgets 5,000–40,600; 2 runs never grokked \(censored at 6,000, 20,600 steps\).*not comparable/);
  });

  it('needs no caveat where every run had the same budget, or every run grokked', () => {
    expect(censoringCaveat(summarizeEntry([budgeted(0, 6_000, 3_000), budgeted(1, 6_000, null)]))).toBeNull();
    expect(censoringCaveat(summarizeEntry(baseline()))).toBeNull();
  });
});

describe('compare across budgets', () => {
  it('does not judge a run that never grokked within a shorter budget than the base took as a regression, and says so', () => {
    const base = leaderboardOf(baseline());
    const head = leaderboardOf([budgeted(0, 6_000, null)]);
    const result = compareLeaderboards(base, head);
    expect(result.rows).toHaveLength(1);
    expect(result.regressions).toEqual([]);
    expect(result.rows[0].tGrok.verdict).toBe('not comparable');
    expect(result.rows[0].budgets).toEqual({ base: { min: 20_600, max: 40_600 }, head: { min: 6_000, max: 6_000 } });
    const table = formatCompareTable(result);
    expect(table).toContain('tGrok not comparable');
    expect(table).toContain(
      'note: modular-add/grokfast2024/adamw (threads=1): budgets differ: base 20,600–40,600, head 6,000; a run that never grokked is censored at its own budget, never compared as if budgets were equal',
    );
    expect(table).toContain("head's run that never grokked within 6,000 steps (before base's latest tGrok 37,600) is not comparable, left out");
    expect(table).toMatch(/no regressions$/);
  });

  it('nor calls a base run censored before head grokked an improvement', () => {
    const base = leaderboardOf([budgeted(0, 20_600, null)]);
    const head = leaderboardOf([budgeted(0, 40_600, 37_200)]);
    const row = compareLeaderboards(base, head).rows[0];
    expect(row.tGrok.verdict).toBe('not comparable');
    expect(row.verdict).toBe('unchanged');
  });

  it('is a regression where the run that never grokked ran longer than every base run took', () => {
    const base = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 5_000, 1_200)]);
    const head = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 2_000, null)]);
    const result = compareLeaderboards(base, head);
    expect(result.regressions).toEqual([{ entry: 'modular-add/grokfast2024/adamw (threads=1)', metric: 'tGrok', reason: 'grokked 2/3, base 3/3' }]);
    expect(result.notes).toEqual([expect.stringMatching(/budgets differ: base 5,000, head 2,000–5,000/)]);
  });

  it('leaves out only the runs censored too early, and judges the rest as usual', () => {
    const base = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 5_000, 1_200)]);
    const head = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 5_000, 1_200), budgeted(3, 500, null)]);
    const row = compareLeaderboards(base, head).rows[0];
    expect(row.tGrok.verdict).toBe('unchanged');
    expect(row.tGrok.reason).toBe("head's run that never grokked within 500 steps (before base's latest tGrok 1,200) is not comparable, left out");
    expect(row.tGrok.head.reached).toBe('3/4');
  });

  it('changes nothing where budgets are equal: a run that never grokked within the common budget counts', () => {
    const base = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 5_000, 1_200)]);
    const head = leaderboardOf([budgeted(0, 5_000, 1_000), budgeted(1, 5_000, 1_100), budgeted(2, 5_000, null)]);
    const result = compareLeaderboards(base, head);
    expect(result.regressions.map((r) => r.reason)).toEqual(['grokked 2/3, base 3/3']);
    expect(result.notes).toEqual([]);
  });

  it('matches a file written with one entry per budget against a current one', () => {
    const result = compareLeaderboards(writtenPerBudget(baseline()), leaderboardOf(baseline()));
    expect(result.rows.map((row) => [row.entry, row.verdict])).toEqual([['modular-add/grokfast2024/adamw (threads=1)', 'unchanged']]);
    expect(result.missing).toEqual({ onlyInBase: [], onlyInHead: [] });
  });
});
