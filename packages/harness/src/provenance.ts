import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The harness's version: package.json sits one level above both src/ and dist/. */
export function grokbenchVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** The commit of the git checkout in the working directory, or undefined outside one (or without git). */
export function gitCommit(cwd = process.cwd()): string | undefined {
  return git(['rev-parse', 'HEAD'], cwd)?.trim() || undefined;
}

/** What code a run came from: the commit, and whether the working tree differed from it. */
export interface GitState {
  gitCommit?: string;
  /** The working tree had changes (tracked or untracked, results/ aside) when the run was recorded. */
  gitDirty?: boolean;
  /** sha256 (16 hex digits) of those changes: the diff against HEAD and every untracked file's name and content. */
  gitDiffHash?: string;
}

/**
 * The checkout's state, so a result names the code that produced it. The project's results/
 * folder is left out: the runs and leaderboards written there are outputs, not code, and a suite
 * writes its leaderboard while later runs are still to be recorded.
 */
export function gitState(cwd = process.cwd()): GitState {
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  const commit = top ? gitCommit(top) : undefined;
  if (!top || !commit) return {};
  const outside = ['--', '.', ':(exclude)results'];
  const diff = git(['diff', 'HEAD', '--binary', ...outside], top) ?? '';
  const untracked = (git(['ls-files', '--others', '--exclude-standard', '-z', ...outside], top) ?? '').split('\0').filter(Boolean).sort();
  if (diff === '' && untracked.length === 0) return { gitCommit: commit, gitDirty: false };
  const hash = createHash('sha256').update(diff);
  for (const file of untracked) hash.update(`\0${file}\0`).update(readOrEmpty(path.join(top, file)));
  return { gitCommit: commit, gitDirty: true, gitDiffHash: hash.digest('hex').slice(0, 16) };
}

function readOrEmpty(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}
