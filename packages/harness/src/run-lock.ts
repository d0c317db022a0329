import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a run folder's lock. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface RunLock {
  release(): void;
}

/**
 * Who has the run folder, or null when the lock could be had. A lock file names its process; one
 * left on this machine by a process that no longer exists (killed, crashed) is stale, and taken
 * over, so a killed run can be resumed at once.
 */
type Taken = { owner: LockOwner | null } | null;

/** The lock's file name inside the run folder. */
export const RUN_LOCK_FILE = 'lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

const isStale = (owner: LockOwner | null) => owner !== null && owner.host === os.hostname() && !isAlive(owner.pid);

function tryCreate(file: string): boolean {
  try {
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
    fs.writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Moves a stale lock aside and checks that what moved is the stale lock read before: if another
 * process took it over in between, its live lock is put back. Only one process's rename succeeds.
 */
function removeStale(file: string, stale: LockOwner): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readOwner(aside);
  if (moved?.pid === stale.pid && moved.since === stale.since) fs.rmSync(aside, { force: true });
  else fs.renameSync(aside, file);
}

function take(file: string): Taken {
  if (tryCreate(file)) return null;
  const owner = readOwner(file);
  if (!isStale(owner)) return { owner };
  removeStale(file, owner!);
  return tryCreate(file) ? null : { owner: readOwner(file) };
}

/**
 * Locks a run folder (which must exist) for this process: a file `lock` in it, created
 * exclusively, so of two processes starting the same run exactly one trains it and the other is
 * told who does. Without it, two identical suites would both append to one curve.jsonl.
 * `refuse` turns the holder's description into the error thrown.
 */
export function lockRunFolder(dir: string, refuse: (holder: string) => Error): RunLock {
  const file = path.join(dir, RUN_LOCK_FILE);
  const taken = take(file);
  if (taken) {
    const { owner } = taken;
    throw refuse(owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : `another process (${file})`);
  }
  return { release: () => fs.rmSync(file, { force: true }) };
}
