import type { RunRecord } from '../run-record.js';
import { formatNumber } from './format-number.js';

/** The smallest and largest step budget (config.steps) of some runs. */
export interface BudgetRange {
  min: number;
  max: number;
}

/** A run's step budget: the steps its config allows. */
export function budgetOf(run: RunRecord): number {
  return run.config.steps;
}

/** The budgets of `runs`; undefined for no runs. */
export function budgetRange(runs: readonly RunRecord[]): BudgetRange | undefined {
  if (runs.length === 0) return undefined;
  const budgets = runs.map(budgetOf);
  return { min: Math.min(...budgets), max: Math.max(...budgets) };
}

/**
 * Where a run's tGrok is censored: a run that never grokked (and did not diverge) is only known to
 * grok later than the steps it ran — its budget, or less where it was interrupted. Null for a run
 * that grokked (its tGrok is known) or diverged (it will not grok; it is counted apart).
 */
export function censoredAt(run: RunRecord): number | null {
  if (run.metrics.primary.tGrok !== null || run.stoppedBy === 'diverged') return null;
  return run.stepsRun;
}

/** The censoring steps of the runs that have one, ascending. */
export function censoringSteps(runs: readonly RunRecord[]): number[] {
  return runs.map(censoredAt).filter((step): step is number => step !== null).sort((a, b) => a - b);
}

/** "20,600–40,600", or "6,000" when every run had the same budget. */
export function formatBudgets(range: BudgetRange | undefined): string {
  if (range === undefined) return '—';
  return range.min === range.max ? formatNumber(range.min) : `${formatNumber(range.min)}–${formatNumber(range.max)}`;
}

/** Whether some of `runs` (of one entry, or of two entries compared) had different budgets. */
export function budgetsDiffer(...ranges: readonly (BudgetRange | undefined)[]): boolean {
  const known = ranges.filter((range): range is BudgetRange => range !== undefined);
  return new Set(known.flatMap((range) => [range.min, range.max])).size > 1;
}

/** A run left out of a tGrok comparison: it never grokked within `at` steps, fewer than the other side's latest tGrok. */
export interface LeftOutRun {
  runId: string;
  at: number;
}

export interface ComparableRuns {
  kept: RunRecord[];
  leftOut: LeftOutRun[];
  /** The latest tGrok among the other side's runs; null when none grokked. */
  otherLatest: number | null;
}

/**
 * The runs of `side` whose grokking can be compared with `other`'s. A run that never grokked counts
 * as not grokking only where it ran at least as long as every run of `other` that grokked took to;
 * one censored earlier (a shorter budget, an interruption) might have grokked in that time, so it
 * is left out rather than judged as if budgets were equal. With equal budgets nothing is left out
 * (a run's tGrok never exceeds its budget).
 */
export function comparableRuns(side: readonly RunRecord[], other: readonly RunRecord[]): ComparableRuns {
  const tGroks = other.map((run) => run.metrics.primary.tGrok).filter((t): t is number => t !== null);
  const otherLatest = tGroks.length > 0 ? Math.max(...tGroks) : null;
  const kept: RunRecord[] = [];
  const leftOut: LeftOutRun[] = [];
  for (const run of side) {
    const at = censoredAt(run);
    if (at !== null && otherLatest !== null && at < otherLatest) leftOut.push({ runId: run.runId, at });
    else kept.push(run);
  }
  return { kept, leftOut, otherLatest };
}

/**
 * What a reader of an entry's tGrok median must know, or null: where budgets differ and some run
 * never grokked, the median over the runs that grokked is conditional on grokking within budgets
 * that were not equal, so it is not comparable with another entry's.
 */
export function censoringCaveat(summary: { budgets?: BudgetRange; censoredAt?: readonly number[] }): string | null {
  const censored = summary.censoredAt ?? [];
  if (censored.length === 0 || !budgetsDiffer(summary.budgets)) return null;
  const runs = censored.length === 1 ? '1 run' : `${censored.length} runs`;
  const at = censored.map((step) => formatNumber(step)).join(', ');
  return `budgets ${formatBudgets(summary.budgets)}; ${runs} never grokked (censored at ${at} steps), so the tGrok median is over the runs that grokked within unequal budgets, not comparable with another entry's`;
}
