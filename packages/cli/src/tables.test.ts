import { addRuns, emptyLeaderboard, readLeaderboard, type RunRecord } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import { formatLeaderboardTable } from './tables.js';

// The committed grokfast2024 baseline (three seeds, all grokked), its runs given three budgets as
// the first recording had (20,600–40,600): budgets are what these tables must show apart.
const committed = readLeaderboard('results/papers.json').entries.find((e) => e.task === 'modular-mul' && e.preset === 'grokfast2024' && e.method === 'adamw')!;
const baseline = addRuns(emptyLeaderboard(), committed.runs.map((run, i) => withBudget(run, [40_600, 38_700, 20_600][i]))).leaderboard.entries[0];

/** A copy of a run recorded with a budget of `steps` (a grokked run keeps its onsets). */
function withBudget(run: RunRecord, steps: number): RunRecord {
  const copy = structuredClone(run);
  copy.config.steps = steps;
  copy.stepsRun = Math.min(copy.stepsRun, steps);
  return copy;
}

/** A copy of a baseline run that ran `steps` steps and never grokked. */
function neverGrokked(run: RunRecord, seed: number, steps: number): RunRecord {
  const copy = structuredClone(run);
  copy.runId = `${run.runId}.short${seed}`;
  copy.seed = seed;
  copy.config.steps = steps;
  copy.stepsRun = steps;
  copy.metrics.primary.tGrok = null;
  copy.metrics.phase = 'memorization';
  return copy;
}

describe('formatLeaderboardTable', () => {
  it('shows each entry’s budget, a range where its runs differ', () => {
    const lines = formatLeaderboardTable([baseline]).split('\n');
    expect(lines[0]).toMatch(/entry\s+grokked\s+diverged\s+budget\s+tFit/);
    expect(lines[2]).toMatch(/^modular-mul\/grokfast2024\/adamw \(threads=1\)\s+3\/3\s+0\/3\s+20,600–40,600\s/);
    expect(lines).toHaveLength(3);
  });

  it('adds a note where a tGrok median mixes budgets and some run never grokked, and says "never within N" where none grokked', () => {
    const mixed = addRuns(emptyLeaderboard(), [...baseline.runs, neverGrokked(baseline.runs[0], 7, 6_000)]).leaderboard.entries;
    const lines = formatLeaderboardTable(mixed).split('\n');
    expect(lines[2]).toMatch(/3\/4 \(1 memorization\)\s+0\/4\s+6,000–40,600\s/);
    expect(lines[3]).toMatch(/^note: modular-mul\/grokfast2024\/adamw \(threads=1\): budgets 6,000–40,600; 1 run never grokked \(censored at 6,000 steps\)/);
    const never = addRuns(emptyLeaderboard(), [neverGrokked(baseline.runs[0], 7, 6_000), neverGrokked(baseline.runs[0], 8, 6_000)]).leaderboard.entries;
    expect(formatLeaderboardTable(never)).toMatch(/ 6,000 .*never within 6,000/);
  });

  it('names each run whose grokking verdict its primary companion contradicts', () => {
    const flagged = structuredClone(baseline.runs[1]);
    const note = 'heldoutLoss finished 90 % of its improvement at step 120, before training fit at 150';
    flagged.metrics.companionAgreement = { series: 'heldoutLoss', end90: 120, agrees: false, note };
    const entries = addRuns(emptyLeaderboard(), [baseline.runs[0], flagged, baseline.runs[2]]).leaderboard.entries;
    expect(formatLeaderboardTable(entries).split('\n').at(-1)).toBe(`! modular-mul/grokfast2024/adamw (threads=1) seed ${flagged.seed}: ${note}`);
  });
});
