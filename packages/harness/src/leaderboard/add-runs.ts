import type { RunRecord } from '../run-record.js';
import { withoutBudget } from '../variant-label.js';
import { LeaderboardError } from './leaderboard-error.js';
import {
  compareEntryKeys,
  compareRuns,
  configIdOfEntry,
  emptyLeaderboard,
  entryKey,
  entryName,
  hasCurrentConfigId,
  type Leaderboard,
  type LeaderboardEntry,
} from './leaderboard.js';
import { summarizeEntry } from './summarize-entry.js';

/**
 * Fields that legitimately differ between two recordings of the same run: how long it took,
 * on which machine, when, and in how many resumed segments. Everything else (config, engine,
 * metrics, stepsRun) must match for a second recording to be the same result.
 */
export const PROVENANCE_FIELDS = [
  'wallSeconds',
  'trainSeconds',
  'throughput',
  'createdAt',
  'environment',
  'resumedFrom',
  'stoppedBy',
  'grokbenchVersion',
  'gitCommit',
] as const;

/** A run whose runId is already recorded with a different result; the recorded one is kept. */
export interface RunConflict {
  runId: string;
  /** "task/preset/method" of the run kept. */
  entry: string;
  /** Paths of the first few fields that differ, e.g. "metrics.primary.tGrok". */
  differences: string[];
}

export interface AddRunsResult {
  leaderboard: Leaderboard;
  /** runIds of the runs added. */
  added: string[];
  /** runIds of runs already recorded with the same result (kept once). */
  duplicates: string[];
  conflicts: RunConflict[];
  /** runIds of recorded runs replaced (only with `replace`). */
  replaced: string[];
}

export interface AddRunsOptions {
  /**
   * A run whose runId is already recorded replaces the recorded one, whether or not its result
   * differs (a deliberate re-run: fresh timings, or a result that should supersede the old one).
   */
  replace?: boolean;
  /** Timestamp for `updatedAt` when the leaderboard changes; default: now. */
  updatedAt?: string;
}

const MAX_DIFFERENCES = 5;

function withoutProvenance(run: RunRecord): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...run };
  for (const field of PROVENANCE_FIELDS) delete copy[field];
  return copy;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Dotted paths where `a` and `b` differ (key order ignored), at most `MAX_DIFFERENCES`. */
export function differingPaths(a: unknown, b: unknown, at = '', out: string[] = []): string[] {
  if (out.length >= MAX_DIFFERENCES) return out;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) differingPaths(a[key], b[key], at ? `${at}.${key}` : key, out);
  } else if (a !== b) {
    out.push(at || '(record)');
  }
  return out;
}

// The run's own variant may name its budget ("steps=20600"); the entry's never does, as runs that differ only in budget share it.
function newEntry(run: RunRecord): LeaderboardEntry {
  const { task, paradigm, preset, method } = run;
  const variant = withoutBudget(run.variant ?? legacyVariant(run));
  return { task, paradigm, preset, method, configId: configIdOfEntry(run), variant, runs: [], summary: summarizeEntry([]) };
}

/**
 * A run recorded before runs carried their variant: what its record can still tell, a thread
 * count below the machine's cores (which only an explicit --threads gives). Its config changes
 * cannot be recovered without the preset; its configId keeps it apart all the same.
 */
function legacyVariant(run: RunRecord): string {
  return run.engine.threads < run.environment.cores ? `threads=${run.engine.threads}` : '';
}

/** One line for a conflict: which run, and where the two results differ. */
export function describeConflict(conflict: RunConflict): string {
  return `${conflict.runId} (${conflict.entry}) differs in ${conflict.differences.join(', ')}`;
}

/**
 * Merges `runs` into `leaderboard` by runId, without modifying either. A runId seen before with
 * the same result (provenance aside, see PROVENANCE_FIELDS) is a duplicate, kept once; with a
 * different result it is a conflict: the run already there is kept and the conflict reported
 * (unless `replace`). Summaries of the entries that changed are recomputed; entries and runs
 * stay sorted; an entry left without runs is dropped.
 */
export function addRuns(stored: Leaderboard, runs: readonly RunRecord[], options: AddRunsOptions = {}): AddRunsResult {
  const leaderboard = regroupEntries(stored);
  const entries = new Map(leaderboard.entries.map((entry) => [entryKey(entry), { ...entry, runs: [...entry.runs] }]));
  const recorded = new Map<string, RunRecord>();
  for (const entry of entries.values()) for (const run of entry.runs) recorded.set(run.runId, run);
  const touched = new Set<string>();
  const result: Omit<AddRunsResult, 'leaderboard'> = { added: [], duplicates: [], conflicts: [], replaced: [] };

  for (const run of runs) {
    const previous = recorded.get(run.runId);
    if (previous && !options.replace) {
      const differences = differingPaths(withoutProvenance(previous), withoutProvenance(run));
      if (differences.length === 0) result.duplicates.push(run.runId);
      else result.conflicts.push({ runId: run.runId, entry: entryName(previous), differences });
      continue;
    }
    if (previous) {
      const previousKey = [...entries].find(([, entry]) => entry.runs.includes(previous))![0];
      const entry = entries.get(previousKey)!;
      entry.runs = entry.runs.filter((kept) => kept.runId !== run.runId);
      touched.add(previousKey);
    }
    const name = entryKey(run);
    const entry = entries.get(name) ?? newEntry(run);
    if (entry.runs.length > 0 && entry.paradigm !== run.paradigm) {
      throw new LeaderboardError(`run ${run.runId} has paradigm ${run.paradigm}, but entry ${entryName(entry)} holds ${entry.paradigm} runs`);
    }
    entry.paradigm = run.paradigm;
    entry.runs.push(run);
    entries.set(name, entry);
    recorded.set(run.runId, run);
    touched.add(name);
    (previous ? result.replaced : result.added).push(run.runId);
  }

  for (const name of touched) {
    const entry = entries.get(name)!;
    if (entry.runs.length === 0) {
      entries.delete(name);
      continue;
    }
    entry.runs.sort(compareRuns);
    entry.summary = summarizeEntry(entry.runs);
  }
  const changed = result.added.length > 0 || result.replaced.length > 0;
  const updatedAt = changed ? (options.updatedAt ?? new Date().toISOString()) : leaderboard.updatedAt;
  return { ...result, leaderboard: { schema: leaderboard.schema, updatedAt, entries: [...entries.values()].sort(compareEntryKeys) } };
}

/**
 * Entries of older files are brought to today's identity, every run kept. Entries keyed with their
 * budget (files written before budgets shared an entry) take their runs' configIdOf and a variant
 * without the budget, and entries that then stand for one configuration merge; their summaries are
 * recomputed. Entries without a configId (files older still) are regrouped run by run, as runs are
 * recorded. A leaderboard whose entries are current is returned as it is.
 */
export function regroupEntries(leaderboard: Leaderboard): Leaderboard {
  if (leaderboard.entries.every(hasCurrentConfigId)) return leaderboard;
  const { updatedAt } = leaderboard;
  const oneConfiguration = (entry: LeaderboardEntry) => entry.configId !== undefined && new Set(entry.runs.map((run) => configIdOfEntry(run))).size === 1;
  if (!leaderboard.entries.every(oneConfiguration)) {
    const runs = leaderboard.entries.flatMap((entry) => entry.runs);
    return { ...addRuns(emptyLeaderboard(updatedAt), runs, { updatedAt }).leaderboard, updatedAt };
  }
  const entries = new Map<string, LeaderboardEntry>();
  for (const entry of leaderboard.entries) {
    const current = { ...entry, configId: configIdOfEntry(entry.runs[0]), ...(entry.variant === undefined ? {} : { variant: withoutBudget(entry.variant) }) };
    const same = entries.get(entryKey(current));
    entries.set(entryKey(current), same ? { ...same, runs: [...same.runs, ...entry.runs] } : current);
  }
  const regrouped = [...entries.values()].map((entry) => {
    const runs = [...entry.runs].sort(compareRuns);
    return { ...entry, runs, summary: summarizeEntry(runs) };
  });
  return { ...leaderboard, entries: regrouped.sort(compareEntryKeys) };
}

export interface MergeResult {
  leaderboard: Leaderboard;
  duplicates: string[];
  conflicts: RunConflict[];
}

/**
 * Union of leaderboards (e.g. shards run on different machines): every run kept, a runId in
 * several files kept once, and a runId with different results reported as a conflict, the
 * earliest file's run kept. `updatedAt` is the latest of the inputs'.
 */
export function mergeLeaderboards(leaderboards: readonly Leaderboard[]): MergeResult {
  const times = leaderboards.map((lb) => lb.updatedAt).sort((a, b) => Date.parse(a) - Date.parse(b));
  const updatedAt = times.at(-1) ?? new Date().toISOString();
  let merged = emptyLeaderboard(updatedAt);
  const duplicates: string[] = [];
  const conflicts: RunConflict[] = [];
  for (const lb of leaderboards) {
    const result = addRuns(merged, lb.entries.flatMap((entry) => entry.runs), { updatedAt });
    merged = result.leaderboard;
    duplicates.push(...result.duplicates);
    conflicts.push(...result.conflicts);
  }
  return { leaderboard: merged, duplicates, conflicts };
}
