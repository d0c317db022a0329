import type { Phase, Summary } from '../metrics/index.js';
import { configIdOf } from '../config-fingerprint.js';
import type { RunRecord } from '../run-record.js';
import type { BudgetRange } from './budgets.js';

export const LEADERBOARD_SCHEMA = 'grokbench/leaderboard@1';

/** Multi-seed summary of one entry. Runs that never grokked count in `runs` and `grokked`. */
export interface EntrySummary {
  runs: number;
  /** "k/n": runs whose phase is grokking, out of all runs (files written before phases beyond Liu et al.'s four counted runs that reached θ; tGrok.reached does that now). */
  grokked: string;
  /** Runs per phase, phases with none left out; absent in older files. */
  phases?: Partial<Record<Phase, number>>;
  /** Smallest and largest step budget of the runs (they may differ); absent in files written before budgets were summarized. */
  budgets?: BudgetRange;
  /**
   * Per run that never grokked (and did not diverge), ascending: the step it is censored at (the
   * steps it ran, its budget unless interrupted) — "never within N steps", a tGrok known only to be later.
   */
  censoredAt?: number[];
  tFit: Summary;
  /** Over the runs that grokked: conditional on grokking within their budgets. */
  tGrok: Summary;
  delay: Summary;
  delayRatio: Summary;
  /** Rise after fit F of the runs that fit; absent in older files. */
  riseAfterFit?: Summary;
  /**
   * When the task's circuit series (the circuit share) was half-formed, and its lead over tGrok in
   * the runs that grokked; `beforeTGrok` "k/m": in k of those m runs it came first. Absent without one.
   */
  circuit?: { series: string; formedAt: Summary; leadSteps: Summary; beforeTGrok: string };
  relativeSharpness: Summary;
  wallSeconds: Summary;
  stepsPerSecond: Summary;
  /** Runs stopped because their loss or parameters turned NaN/∞; absent in files written before it was counted. */
  diverged?: number;
}

export interface LeaderboardEntry {
  task: string;
  paradigm: string;
  preset: string;
  method: string;
  /**
   * configIdOf() of every run in the entry: one entry holds one resolved configuration, whatever
   * each run's step budget. Absent, or computed with the budget, in older files (regrouped on read).
   */
  configId?: string;
  /** What this configuration changes from the preset, e.g. "optimizer.lr=0.003, threads=1" (never the step budget); "" for the preset as is. */
  variant?: string;
  /** Full run records, sorted by (seed, runId). */
  runs: RunRecord[];
  summary: EntrySummary;
}

/** leaderboard.json. Entries are sorted by (task, preset, method). */
export interface Leaderboard {
  schema: typeof LEADERBOARD_SCHEMA;
  updatedAt: string;
  entries: LeaderboardEntry[];
}

export type EntryKey = Pick<RunRecord, 'task' | 'preset' | 'method'> & { variant?: string };

/** "task/preset/method", plus " (variant)" when it differs from the preset: how an entry is named in messages, tables and charts. */
export function entryName(key: EntryKey): string {
  const base = `${key.task}/${key.preset}/${key.method}`;
  return key.variant ? `${base} (${key.variant})` : base;
}

/** The configuration a run or an entry stands for: its own configId, or that of its (first) run. */
export function configIdOfEntry(entry: RunRecord | LeaderboardEntry): string {
  if ('runs' in entry) return entry.configId ?? configIdOf(entry.runs[0]);
  return configIdOf(entry);
}

/** Whether an entry carries the configId its runs have today (not absent, nor one computed with the budget, as older files did). */
export function hasCurrentConfigId(entry: LeaderboardEntry): boolean {
  return entry.configId !== undefined && entry.runs.every((run) => configIdOf(run) === entry.configId);
}

/** The full identity an entry is matched on (merge, compare, recording): name and configuration fingerprint. */
export function entryKey(entry: RunRecord | LeaderboardEntry): string {
  return `${entry.task}/${entry.preset}/${entry.method}#${configIdOfEntry(entry)}`;
}

export function emptyLeaderboard(updatedAt = new Date().toISOString()): Leaderboard {
  return { schema: LEADERBOARD_SCHEMA, updatedAt, entries: [] };
}

// Code-unit order, not localeCompare: the file's order must not depend on the machine's locale.
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntryKeys(a: EntryKey & { configId?: string }, b: EntryKey & { configId?: string }): number {
  return (
    byString(a.task, b.task) ||
    byString(a.preset, b.preset) ||
    byString(a.method, b.method) ||
    byString(a.variant ?? '', b.variant ?? '') ||
    byString(a.configId ?? '', b.configId ?? '')
  );
}

export function compareRuns(a: RunRecord, b: RunRecord): number {
  return a.seed - b.seed || byString(a.runId, b.runId);
}
