import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { oneLine } from '../one-line.js';
import type { RunRecord } from '../run-record.js';
import { writeTextAtomically } from '../write-text-atomically.js';
import { addRuns, regroupEntries, type AddRunsOptions, type AddRunsResult } from './add-runs.js';
import { LeaderboardError } from './leaderboard-error.js';
import { compareEntryKeys, compareRuns, emptyLeaderboard, type Leaderboard } from './leaderboard.js';
import { validateLeaderboard, validateRun } from './validate.js';

export interface ReadLeaderboardOptions {
  /** A missing file reads as an empty leaderboard instead of an error. */
  missingOk?: boolean;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}


/** Reads and validates a leaderboard file; any problem is one LeaderboardError line naming `file`. */
export function readLeaderboard(file: string, options: ReadLeaderboardOptions = {}): Leaderboard {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' && options.missingOk) return emptyLeaderboard();
    throw new LeaderboardError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? oneLine(String(error))})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LeaderboardError(`${file} is not valid JSON (truncated?): ${oneLine((error as Error).message)}`);
  }
  validateLeaderboard(data, file);
  return regroupLegacyEntries(data);
}

/**
 * Files written before entries carried a configId may hold runs of several configurations in one
 * entry (the bug that made their medians mix settings), and files written before budgets shared an
 * entry hold one entry per budget; their runs are regrouped into one entry per configuration
 * (configIdOf: budget aside), with summaries recomputed and every run kept. Current files are
 * returned as they are.
 */
export function regroupLegacyEntries(leaderboard: Leaderboard): Leaderboard {
  return regroupEntries(leaderboard);
}

/** Entries by (task, preset, method), runs by (seed, runId): the order the file promises. */
export function sortLeaderboard(leaderboard: Leaderboard): Leaderboard {
  const entries = leaderboard.entries.map((entry) => ({ ...entry, runs: [...entry.runs].sort(compareRuns) }));
  return { ...leaderboard, entries: entries.sort(compareEntryKeys) };
}

/**
 * Validates, then writes atomically (temporary file + rename), so a reader or a crash never sees
 * a half-written file and an invalid leaderboard never replaces a valid one.
 */
export async function writeLeaderboard(file: string, leaderboard: Leaderboard): Promise<void> {
  const sorted = sortLeaderboard(leaderboard);
  validateLeaderboard(sorted, `${file} (not written)`);
  await writeTextAtomically(file, `${JSON.stringify(sorted, null, 2)}\n`, (message) => new LeaderboardError(message));
}

/**
 * A writer holding the lock refreshes it every STALE_MS / 2; a lock not refreshed for STALE_MS
 * (its process died) is taken over. Waiting writers retry with backoff for longer than that, so a
 * crashed writer delays the others but never fails them.
 */
export const LOCK_STALE_MS = 30_000;
const LOCK_RETRIES = { retries: 120, factor: 1.5, minTimeout: 20, maxTimeout: 500, randomize: true };

interface HeldLock {
  release(): Promise<void>;
  compromised(): Error | null;
}

async function acquire(file: string, retries: typeof LOCK_RETRIES | 0): Promise<HeldLock> {
  let compromised: Error | null = null;
  // realpath: false locks the path itself, so the first writer can lock a file that does not exist yet.
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: LOCK_STALE_MS,
    retries,
    onCompromised: (error) => {
      compromised = error;
    },
  });
  return { release: () => (compromised ? Promise.resolve() : release()), compromised: () => compromised };
}

/** Takes the file's lock; when another process holds it, says so through `onWait` and waits. */
async function lock(file: string, onWait?: (message: string) => void): Promise<HeldLock> {
  try {
    try {
      return await acquire(file, 0);
    } catch (error) {
      if (errorCode(error) !== 'ELOCKED') throw error;
      onWait?.(`waiting for ${file}.lock: another process is writing ${file}`);
      return await acquire(file, LOCK_RETRIES);
    }
  } catch (error) {
    if (errorCode(error) === 'ELOCKED') {
      throw new LeaderboardError(`${file} is locked by another process (${file}.lock); a lock not refreshed for ${LOCK_STALE_MS / 1000} s is taken over`);
    }
    throw new LeaderboardError(`${file}: cannot lock it (${errorCode(error) ?? oneLine(String(error))})`);
  }
}

export interface RecordRunsOptions extends Pick<AddRunsOptions, 'replace'> {
  /** Told once when another process holds the file's lock and this one waits for it. */
  onWait?(message: string): void;
}

/**
 * Adds runs to a leaderboard file, safely against other processes doing the same: under a lock
 * on the file it reads (a missing file is an empty leaderboard), merges with `addRuns`, and
 * writes atomically. Nothing is written when nothing changed.
 */
export async function recordRuns(file: string, runs: readonly RunRecord[], options: RecordRunsOptions = {}): Promise<AddRunsResult> {
  runs.forEach((run, i) => validateRun(run, `run ${(run as Partial<RunRecord> | null)?.runId ?? i + 1}`));
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const held = await lock(file, options.onWait);
  try {
    const result = addRuns(readLeaderboard(file, { missingOk: true }), runs, { replace: options.replace });
    if (result.added.length > 0 || result.replaced.length > 0) {
      const error = held.compromised();
      if (error) throw new LeaderboardError(`${file}: lost its lock while writing (${oneLine(error.message)}); nothing written`);
      await writeLeaderboard(file, result.leaderboard);
    }
    return result;
  } finally {
    await held.release();
  }
}
