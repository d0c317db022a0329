import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command, as a user runs it: `npm test` builds every package before the tests. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packages/cli/dist/main.js');

export function grokbench(args: string[], cwd = process.cwd(), env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
}

export function grokbenchAsync(args: string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** grokbench() without blocking the test process, so several commands can run at once. */
export function grokbenchConcurrently(args: string[], cwd = process.cwd()): Promise<CommandResult> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, ...out }));
  });
}

/** Runs `work` on every item, at most `limit` at a time; the results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function readJsonLines<T>(file: string): T[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

/** Removes the fields that measure time, which legitimately differ between identical runs. */
export function withoutTiming<T extends Record<string, unknown>>(value: T): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    ['trainSeconds', 'wallSeconds', 'createdAt', 'throughput', 'resumedFrom', 'stoppedBy'].includes(key) ? undefined : v,
  );
}

/**
 * `base` with the flags of `extra` in place of its own (each flag given once, as the CLI requires);
 * --set assignments accumulate. Every flag in `base` and `extra` is followed by its value.
 */
export function withFlags(base: readonly string[], extra: readonly string[]): string[] {
  const replaced = new Set(extra.filter((word) => word.startsWith('--') && word !== '--set'));
  const kept: string[] = [];
  for (let i = 0; i < base.length; i++) {
    if (replaced.has(base[i])) i++;
    else kept.push(base[i]);
  }
  return [...kept, ...extra];
}
