import type { Summary } from '../metrics/index.js';
import type { RunRecord } from '../run-record.js';

export const LEADERBOARD_SCHEMA = 'grokbench/leaderboard@1';

/** Multi-seed summary of one entry. Runs that never grokked count in `runs` and `grokked`. */
export interface EntrySummary {
  runs: number;
  /** "k/n": runs whose primary tGrok is non-null, out of all runs. */
  grokked: string;
  tFit: Summary;
  tGrok: Summary;
  delay: Summary;
  delayRatio: Summary;
  relativeSharpness: Summary;
  wallSeconds: Summary;
  stepsPerSecond: Summary;
}

export interface LeaderboardEntry {
  task: string;
  paradigm: string;
  preset: string;
  method: string;
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

export type EntryKey = Pick<RunRecord, 'task' | 'preset' | 'method'>;

/** "task/preset/method": how an entry is named in messages, tables and benchmark charts. */
export function entryName(key: EntryKey): string {
  return `${key.task}/${key.preset}/${key.method}`;
}

export function emptyLeaderboard(updatedAt = new Date().toISOString()): Leaderboard {
  return { schema: LEADERBOARD_SCHEMA, updatedAt, entries: [] };
}

// Code-unit order, not localeCompare: the file's order must not depend on the machine's locale.
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntryKeys(a: EntryKey, b: EntryKey): number {
  return byString(a.task, b.task) || byString(a.preset, b.preset) || byString(a.method, b.method);
}

export function compareRuns(a: RunRecord, b: RunRecord): number {
  return a.seed - b.seed || byString(a.runId, b.runId);
}
