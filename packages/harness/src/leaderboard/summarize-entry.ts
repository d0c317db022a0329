import { PHASES, summarize, type Phase } from '../metrics/index.js';
import type { RunRecord } from '../run-record.js';
import { budgetRange, censoringSteps } from './budgets.js';
import type { EntrySummary } from './leaderboard.js';

/** How many runs ended in each phase, in PHASES order, phases with no run left out. */
export function phaseCounts(runs: readonly RunRecord[]): Partial<Record<Phase, number>> {
  const counts: Partial<Record<Phase, number>> = {};
  for (const phase of PHASES) {
    const n = runs.filter((run) => run.metrics.phase === phase).length;
    if (n > 0) counts[phase] = n;
  }
  return counts;
}

/**
 * Figures of the primary threshold (θ = 0.95). `grokked` counts the runs whose verdict is
 * grokking (docs/metrics.md), not merely those that reached θ: a run that rose alongside fitting
 * and crossed θ late is gradual, and `tGrok.reached` says how many reached θ at all. A run that
 * never reached θ has a null tGrok and is still one of the n runs, so it lowers the counts
 * instead of silently improving the median. A run
 * that diverged (loss or parameters NaN/∞) is one of the n as well, and is also counted apart.
 * Runs may differ in step budget: `budgets` gives the range, and `censoredAt` the step each run
 * that never grokked was observed to, so the tGrok median (over the runs that grokked, hence
 * conditional on grokking within their budgets) is read with what it leaves out.
 */
export function summarizeEntry(runs: readonly RunRecord[]): EntrySummary {
  const tGrok = summarize(runs.map((run) => run.metrics.primary.tGrok));
  const budgets = budgetRange(runs);
  return {
    runs: runs.length,
    grokked: `${runs.filter((run) => run.metrics.phase === 'grokking').length}/${runs.length}`,
    phases: phaseCounts(runs),
    ...(budgets ? { budgets } : {}),
    censoredAt: censoringSteps(runs),
    tFit: summarize(runs.map((run) => run.metrics.primary.tFit)),
    tGrok,
    delay: summarize(runs.map((run) => run.metrics.primary.delay)),
    delayRatio: summarize(runs.map((run) => run.metrics.primary.delayRatio)),
    riseAfterFit: summarize(runs.map((run) => run.metrics.primary.riseAfterFit ?? null)),
    ...circuitSummary(runs),
    relativeSharpness: summarize(runs.map((run) => run.metrics.sharpness.relativeSharpness)),
    wallSeconds: summarize(runs.map((run) => run.wallSeconds)),
    stepsPerSecond: summarize(runs.map((run) => run.throughput.stepsPerSecond)),
    diverged: runs.filter((run) => run.stoppedBy === 'diverged').length,
  };
}

/**
 * When the circuit formed (run metrics `circuit`), over the runs that time one: the step it was
 * half-formed, and — over the runs counted as grokking, as the tGrok median is — how many steps
 * before tGrok and in how many it came first. A lost run's tGrok is not a time to grok, so its
 * lead is left out here (run.json keeps it). Absent when no run records a circuit series.
 */
function circuitSummary(runs: readonly RunRecord[]): Pick<EntrySummary, 'circuit'> {
  const timed = runs.filter((run) => run.metrics.circuit);
  if (timed.length === 0) return {};
  const leadOf = (run: RunRecord) => (countedPhase(run) === 'grokking' ? (run.metrics.circuit?.leadSteps ?? null) : null);
  const leads = timed.map(leadOf).filter((lead): lead is number => lead !== null);
  return {
    circuit: {
      series: [...new Set(timed.map((run) => run.metrics.circuit!.series))].join(', '),
      formedAt: summarize(timed.map((run) => run.metrics.circuit!.formedAt)),
      leadSteps: summarize(timed.map(leadOf)),
      beforeTGrok: `${leads.filter((lead) => lead > 0).length}/${leads.length}`,
    },
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

/**
 * The phase a run is counted under: its recorded one, except that a run stopped by NaN/∞ is
 * diverged and one that reached θ and ended below it is lost even where a record labelled before
 * those phases existed says grokking.
 */
export function countedPhase(run: RunRecord): string {
  if (run.stoppedBy === 'diverged') return 'diverged';
  return lostGeneralization(run) ? 'lost' : run.metrics.phase;
}

/** "5/5", or "2/5 (2 gradual, 1 lost)": the runs that grokked, and what the others did (countedPhase). */
export function grokkedWithPhases(entry: { runs: readonly RunRecord[] }): string {
  const phases = entry.runs.map(countedPhase);
  const others = PHASES.filter((phase) => phase !== 'grokking')
    .map((phase) => [phase, phases.filter((p) => p === phase).length] as const)
    .filter(([, n]) => n > 0)
    .map(([phase, n]) => `${n} ${phase}`);
  const head = `${phases.filter((p) => p === 'grokking').length}/${entry.runs.length}`;
  return others.length ? `${head} (${others.join(', ')})` : head;
}

