import { summarize } from '../metrics/index.js';
import type { RunRecord } from '../run-record.js';
import type { EntrySummary } from './leaderboard.js';

/**
 * Figures of the primary threshold (θ = 0.95). A run that never grokked has a null tGrok and is
 * still one of the n runs: it lowers `grokked` instead of silently improving the median. A run
 * that diverged (loss or parameters NaN/∞) is one of the n as well, and is also counted apart.
 */
export function summarizeEntry(runs: readonly RunRecord[]): EntrySummary {
  const tGrok = summarize(runs.map((run) => run.metrics.primary.tGrok));
  return {
    runs: runs.length,
    grokked: tGrok.reached,
    tFit: summarize(runs.map((run) => run.metrics.primary.tFit)),
    tGrok,
    delay: summarize(runs.map((run) => run.metrics.primary.delay)),
    delayRatio: summarize(runs.map((run) => run.metrics.primary.delayRatio)),
    relativeSharpness: summarize(runs.map((run) => run.metrics.sharpness.relativeSharpness)),
    wallSeconds: summarize(runs.map((run) => run.wallSeconds)),
    stepsPerSecond: summarize(runs.map((run) => run.throughput.stepsPerSecond)),
    diverged: runs.filter((run) => run.stoppedBy === 'diverged').length,
  };
}

/**
 * A run that grokked and then lost it: its held-out score reached θ (primary tGrok is set) but
 * is below θ at its last evaluation. tGrok alone would read as a generalized model; counting
 * these beside `grokked` keeps a collapse late in a long run from hiding behind an early onset.
 */
export function lostGeneralization(run: RunRecord): boolean {
  const { primary, final } = run.metrics;
  return primary.tGrok !== null && final.heldout < primary.theta;
}

/** "3/3", or "3/3 (1 lost)" when some of the runs that grokked ended below θ. */
export function grokkedWithLosses(entry: { summary: EntrySummary; runs: readonly RunRecord[] }): string {
  const lost = entry.runs.filter(lostGeneralization).length;
  return lost ? `${entry.summary.grokked} (${lost} lost)` : entry.summary.grokked;
}
