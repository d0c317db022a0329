import type { Summary } from '../metrics/index.js';
import { entryName, type Leaderboard, type LeaderboardEntry } from './leaderboard.js';
import { formatNumber } from './format-number.js';
import { summarizeEntry } from './summarize-entry.js';

/** One result in github-action-benchmark's custom format (tools customSmallerIsBetter / customBiggerIsBetter). */
export interface BenchmarkResult {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** One array per tool; each is written to its own file for the action's `output-file-path`. */
export interface GithubActionBenchmark {
  customSmallerIsBetter: BenchmarkResult[];
  customBiggerIsBetter: BenchmarkResult[];
}

function range(summary: Summary): string | undefined {
  return summary.iqr === null ? undefined : `± ${formatNumber(summary.iqr / 2)}`;
}

function quartiles(summary: Summary, unit: string): string {
  return `q1–q3 ${formatNumber(summary.q1)}–${formatNumber(summary.q3)} ${unit}`;
}

function stepBudget(entry: LeaderboardEntry): number {
  return Math.max(...entry.runs.map((run) => run.config.steps));
}

/**
 * tGrok of an entry where no run grokked is charted at the step budget (a lower bound on the true
 * tGrok), marked "did not grok": a chart then shows the jump, and the action's alert fires, when an
 * entry stops grokking, which dropping the point would hide. Where some runs grokked, the value is
 * their median and `extra` says how many of the runs that is.
 */
function tGrokResult(name: string, entry: LeaderboardEntry, summary: Summary): BenchmarkResult {
  const base = { name: `${name} tGrok`, unit: 'steps' };
  if (summary.median === null) {
    const budget = stepBudget(entry);
    return { ...base, value: budget, extra: `did not grok: ${summary.reached} runs grokked within ${budget} steps; value is the step budget` };
  }
  const of = summary.count < summary.n ? `; median of the ${summary.count} runs that grokked` : '';
  return { ...base, value: summary.median, range: range(summary), extra: `grokked ${summary.reached}; ${quartiles(summary, 'steps')}${of}` };
}

function withoutEmptyRange(result: BenchmarkResult): BenchmarkResult {
  if (result.range === undefined) delete result.range;
  return result;
}

/**
 * Leaderboard → github-action-benchmark custom JSON: per entry, median tGrok and median wall
 * seconds (smaller is better) and median steps/s (bigger is better), with half the IQR as range.
 * Steps/s is left out for an entry with no recorded training time.
 */
export function toGithubActionBenchmark(leaderboard: Leaderboard): GithubActionBenchmark {
  const out: GithubActionBenchmark = { customSmallerIsBetter: [], customBiggerIsBetter: [] };
  for (const entry of leaderboard.entries) {
    const name = entryName(entry);
    const summary = summarizeEntry(entry.runs);
    const runs = `${summary.runs} run${summary.runs === 1 ? '' : 's'}`;
    out.customSmallerIsBetter.push(withoutEmptyRange(tGrokResult(name, entry, summary.tGrok)));
    const wall = summary.wallSeconds;
    if (wall.median !== null) {
      out.customSmallerIsBetter.push(
        withoutEmptyRange({ name: `${name} wall seconds`, unit: 's', value: wall.median, range: range(wall), extra: `${runs}; ${quartiles(wall, 's')}` }),
      );
    }
    const rate = summary.stepsPerSecond;
    if (rate.median !== null) {
      out.customBiggerIsBetter.push(
        withoutEmptyRange({ name: `${name} steps/s`, unit: 'steps/s', value: rate.median, range: range(rate), extra: `${rate.reached} runs with timing; ${quartiles(rate, 'steps/s')}` }),
      );
    }
  }
  return out;
}
