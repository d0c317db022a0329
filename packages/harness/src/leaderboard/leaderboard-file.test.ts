import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeaderboardError } from './leaderboard-error.js';
import { readLeaderboard, recordRuns, writeLeaderboard } from './leaderboard-file.js';
import { emptyLeaderboard, type Leaderboard } from './leaderboard.js';
import { assertBuilt, HARNESS_DIST } from './test-dist.js';
import { leaderboardOf, seededRuns, syntheticRun } from './test-runs.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-leaderboard-'));
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LeaderboardError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a LeaderboardError');
}

function runIds(lb: Leaderboard): string[] {
  return lb.entries.flatMap((entry) => entry.runs.map((run) => run.runId)).sort();
}

describe('readLeaderboard and writeLeaderboard', () => {
  it('round-trip a leaderboard as pretty JSON with a trailing newline, sorted', async () => {
    const file = path.join(tempDir(), 'nested', 'leaderboard.json');
    const lb = leaderboardOf([...seededRuns([1000, null]), ...seededRuns([300], { method: 'grokfast' })]);
    await writeLeaderboard(file, { ...lb, entries: [...lb.entries].reverse() });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(`${JSON.stringify(lb, null, 2)}\n`);
    expect(readLeaderboard(file)).toEqual(lb);
  });

  it('reads a missing file as empty only when asked to', () => {
    const file = path.join(tempDir(), 'none.json');
    expect(readLeaderboard(file, { missingOk: true }).entries).toEqual([]);
    expect(errorOf(() => readLeaderboard(file))).toBe(`${file}: no such file`);
  });

  it('names the file of truncated JSON in one line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'base.json');
    await writeLeaderboard(file, leaderboardOf(seededRuns([1000, 2000])));
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length / 2));
    expect(errorOf(() => readLeaderboard(file))).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')} is not valid JSON \\(truncated\\?\\): `));
  });

  it('names the file and the field of a schema error', () => {
    const file = path.join(tempDir(), 'leaderboard.json');
    const lb = structuredClone(leaderboardOf(seededRuns([1000, 2000, 3000])));
    (lb.entries[0].runs[2].metrics.primary as { tGrok: unknown }).tGrok = '3000';
    fs.writeFileSync(file, JSON.stringify(lb));
    expect(errorOf(() => readLeaderboard(file))).toBe(`${file}: /entries/0/runs/2/metrics/primary/tGrok must be number,null`);
  });

  it('never replaces a file with an invalid leaderboard', async () => {
    const file = path.join(tempDir(), 'leaderboard.json');
    await writeLeaderboard(file, leaderboardOf(seededRuns([1000])));
    const before = fs.readFileSync(file, 'utf8');
    const bad = structuredClone(leaderboardOf(seededRuns([1000, 2000])));
    (bad.entries[0].runs[1] as { seed: unknown }).seed = 1.5;
    await expect(writeLeaderboard(file, bad)).rejects.toThrow(`${file} (not written): /entries/0/runs/1/seed must be integer`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['leaderboard.json']);
  });
});

describe('recordRuns', () => {
  it('creates the file and its folder, then merges by runId', async () => {
    const file = path.join(tempDir(), 'results', 'leaderboard.json');
    const first = await recordRuns(file, seededRuns([1000, 2000]));
    expect(first.added).toHaveLength(2);
    const second = await recordRuns(file, [syntheticRun({ seed: 1, tGrok: 2000 }), syntheticRun({ seed: 2, tGrok: null }), syntheticRun({ seed: 0, tGrok: 5 })]);
    expect(second.added).toEqual([syntheticRun({ seed: 2 }).runId]);
    expect(second.duplicates).toEqual([syntheticRun({ seed: 1 }).runId]);
    expect(second.conflicts.map((c) => c.runId)).toEqual([syntheticRun({ seed: 0 }).runId]);
    const lb = readLeaderboard(file);
    expect(lb.entries[0].summary.grokked).toBe('2/3');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['leaderboard.json']);
  });

  it('validates the runs before touching the file', async () => {
    const file = path.join(tempDir(), 'leaderboard.json');
    const bad = { ...syntheticRun(), seed: 'zero' } as unknown as ReturnType<typeof syntheticRun>;
    await expect(recordRuns(file, [bad])).rejects.toThrow('run modular-add.quick.adamw.s0.synth: /seed must be integer');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('takes over a lock left behind by a process that died', async () => {
    const file = path.join(tempDir(), 'leaderboard.json');
    fs.mkdirSync(`${file}.lock`);
    const longAgo = new Date(Date.now() - 120_000);
    fs.utimesSync(`${file}.lock`, longAgo, longAgo);
    await recordRuns(file, [syntheticRun()]);
    expect(runIds(readLeaderboard(file))).toEqual([syntheticRun().runId]);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('loses no run when several processes record into one file at once', async () => {
    assertBuilt();
    const dir = tempDir();
    const file = path.join(dir, 'leaderboard.json');
    const writers = 4;
    const perWriter = 5;
    // Each writer records its runs one call at a time, so 20 read-merge-write cycles interleave.
    const script = `
      import fs from 'node:fs';
      import readline from 'node:readline';
      import { recordRuns } from ${JSON.stringify(HARNESS_DIST.href)};
      const [file, runsFile] = process.argv.slice(1);
      const runs = JSON.parse(fs.readFileSync(runsFile, 'utf8'));
      process.stdout.write('ready\\n');
      await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
      for (const run of runs) await recordRuns(file, [run]);
      process.exit(0);`;
    const expected: string[] = [];
    const children = Array.from({ length: writers }, (_, w) => {
      const runs = Array.from({ length: perWriter }, (_, i) => syntheticRun({ seed: w * perWriter + i, method: `writer${w}`, tGrok: 1000 + i }));
      expected.push(...runs.map((run) => run.runId));
      const runsFile = path.join(dir, `runs-${w}.json`);
      fs.writeFileSync(runsFile, JSON.stringify(runs));
      return spawn(process.execPath, ['--input-type=module', '-e', script, '--', file, runsFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    });
    const stderr = children.map(() => '');
    const exits = children.map(
      (child, w) =>
        new Promise<number | null>((resolve) => {
          child.stderr.on('data', (chunk: Buffer) => (stderr[w] += chunk.toString()));
          child.on('close', resolve);
        }),
    );
    // Start all writers together, once every one has loaded the harness.
    await Promise.all(children.map((child) => new Promise((resolve) => child.stdout.once('data', resolve))));
    for (const child of children) child.stdin.write('go\n');
    expect(await Promise.all(exits)).toEqual(children.map(() => 0));
    expect(stderr).toEqual(children.map(() => ''));

    const lb = readLeaderboard(file);
    expect(runIds(lb)).toEqual(expected.sort());
    expect(lb.entries.map((entry) => entry.summary.runs)).toEqual(children.map(() => perWriter));
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('leaderboard'))).toEqual(['leaderboard.json']);
  });
});

describe('emptyLeaderboard', () => {
  it('is a valid file', async () => {
    const file = path.join(tempDir(), 'empty.json');
    await writeLeaderboard(file, emptyLeaderboard());
    expect(readLeaderboard(file).entries).toEqual([]);
  });
});
