import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, grokbenchAsync, readJsonLines, tempDir, withFlags, withoutTiming } from './cli-helpers.js';

/** A 4-run suite of real tasks, small enough for a test: 2 tasks × 2 seeds, mod 23, 200 steps. */
const SMALL_SUITE = ['suite', '--tasks', 'modular-add,modular-sub', '--set', 'data.p=23', '--steps', '200'];
const SUITE = [...SMALL_SUITE, '--seeds', '2'];

interface Leaderboard {
  schema: string;
  entries: { task: string; method: string; summary: { grokked: string }; runs: { runId: string; seed: number; metrics: { primary: { tGrok: number | null } } }[] }[];
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Leaderboard;
const runsById = (lb: Leaderboard) =>
  Object.fromEntries(lb.entries.flatMap((e) => e.runs).map((r) => [r.runId, withoutTiming(r as unknown as Record<string, unknown>)]));

function suite(args: string[]) {
  const result = grokbench(withFlags(SUITE, args));
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(result.status).toBe(0);
  return result;
}

describe('grokbench suite', () => {
  it('writes a valid leaderboard, and skips recorded runs when run again', () => {
    const dir = tempDir('grokbench-suite-');
    const out = path.join(dir, 'leaderboard.json');
    const first = suite(['--out', out]);
    expect(first.stdout).toMatch(/entry\s+grokked\s+diverged/);
    const lb = read(out);
    expect(lb.schema).toBe('grokbench/leaderboard@1');
    expect(lb.entries.map((e) => e.task)).toEqual(['modular-add', 'modular-sub']);
    expect(lb.entries.every((e) => e.runs.length === 2 && /^\d\/2$/.test(e.summary.grokked))).toBe(true);
    const again = suite(['--out', out]);
    expect(again.stdout).toMatch(/no run recorded in .*, 4 already there/);
    expect(runsById(read(out))).toEqual(runsById(lb));
  });

  it('gives, over two shards merged, exactly the runs of the unsharded suite', () => {
    const dir = tempDir('grokbench-shards-');
    const whole = path.join(dir, 'whole.json');
    suite(['--out', whole]);
    suite(['--shard', '0/2', '--out', path.join(dir, 'shard-0.json')]);
    suite(['--shard', '1/2', '--out', path.join(dir, 'shard-1.json')]);
    const shardRuns = [0, 1].map((i) => Object.keys(runsById(read(path.join(dir, `shard-${i}.json`)))));
    expect(shardRuns[0]).toHaveLength(2);
    expect(shardRuns[1]).toHaveLength(2);
    expect(shardRuns[0].filter((id) => shardRuns[1].includes(id))).toEqual([]);
    const merged = path.join(dir, 'merged.json');
    const merge = grokbench(['merge', path.join(dir, 'shard-0.json'), path.join(dir, 'shard-1.json'), '-o', merged]);
    expect(merge.status).toBe(0);
    expect(runsById(read(merged))).toEqual(runsById(read(whole)));
    // Merging a file with itself keeps each run once.
    const twice = path.join(dir, 'twice.json');
    expect(grokbench(['merge', whole, whole, '-o', twice]).status).toBe(0);
    expect(runsById(read(twice))).toEqual(runsById(read(whole)));
  });

  it('trains --jobs 2 runs at once, in worker threads, giving the runs and curves of a one-at-a-time suite', () => {
    const dir = tempDir('grokbench-jobs-');
    const oneAtATime = path.join(dir, 'sequential', 'leaderboard.json');
    const twoAtATime = path.join(dir, 'parallel', 'leaderboard.json');
    suite(['--threads', '1', '--out', oneAtATime]);
    const parallel = suite(['--threads', '1', '--jobs', '2', '--out', twoAtATime]);
    expect(parallel.stderr.match(/^suite \[\d\/4\] modular-(add|sub)\/quick\/adamw\/s[01]: [a-z-]+: held-out (reached θ at|never reached θ)/gm)).toHaveLength(4);
    expect(parallel.stderr).not.toMatch(/waiting for/);
    const runs = runsById(read(twoAtATime));
    expect(runs).toEqual(runsById(read(oneAtATime)));
    for (const runId of Object.keys(runs)) {
      const curve = (file: string) => readJsonLines<Record<string, unknown>>(file).map((point) => withoutTiming(point));
      expect(curve(path.join(dir, 'parallel', 'runs', runId, 'curve.jsonl'))).toEqual(curve(path.join(dir, 'sequential', 'runs', runId, 'curve.jsonl')));
    }
    const tooMany = grokbench([...SUITE, '--jobs', '0', '--out', twoAtATime]);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr.trim()).toMatch(/^grokbench: --jobs takes an integer from 1 to \d+/);
  });

  it('trains each run once when two identical suites run at once: one curve line per evaluation, steps increasing', async () => {
    const dir = tempDir('grokbench-same-suite-');
    const args = withFlags(SMALL_SUITE, ['--tasks', 'modular-mul', '--seeds', '3', '--out', path.join(dir, 'leaderboard.json')]);
    const reference = path.join(dir, 'reference', 'leaderboard.json');
    suite(['--tasks', 'modular-mul', '--seeds', '3', '--out', reference]);
    const twins = [grokbenchAsync(args), grokbenchAsync(args)];
    const codes = await Promise.all(twins.map((child) => new Promise<number | null>((resolve) => child.on('exit', resolve))));
    expect(codes).toEqual([0, 0]);
    const runIds = Object.keys(runsById(read(path.join(dir, 'leaderboard.json'))));
    expect(runIds.sort()).toEqual(Object.keys(runsById(read(reference))).sort());
    for (const runId of runIds) {
      const steps = readJsonLines<{ step: number }>(path.join(dir, 'runs', runId, 'curve.jsonl')).map((p) => p.step);
      expect(steps.every((step, i) => i === 0 || step > steps[i - 1]), `${runId}: ${steps.join(' ')}`).toBe(true);
      expect(steps).toEqual(readJsonLines<{ step: number }>(path.join(dir, 'reference', 'runs', runId, 'curve.jsonl')).map((p) => p.step));
      expect(fs.readdirSync(path.join(dir, 'runs', runId)).sort()).toEqual(['checkpoint.bin', 'curve.jsonl', 'run.json']);
    }
  });

  it('interrupted before any run finished, says that nothing was recorded rather than naming a file it never wrote', async () => {
    const dir = tempDir('grokbench-interrupted-');
    const out = path.join(dir, 'leaderboard.json');
    const child = grokbenchAsync(withFlags(SMALL_SUITE, ['--tasks', 'modular-add', '--seeds', '1', '--steps', '100000', '--out', out]));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Once the run has started writing its curve, Ctrl-C.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const runs = path.join(dir, 'runs');
        if (fs.existsSync(runs) && fs.readdirSync(runs).some((id) => fs.existsSync(path.join(runs, id, 'curve.jsonl')))) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(fs.existsSync(out)).toBe(false);
    expect(stdout).toContain(`no run recorded (${out} not written)`);
    expect(stdout).not.toMatch(/recorded in/);
  });

  it('loses no run when two suites write the same file at once', async () => {
    const out = path.join(tempDir('grokbench-concurrent-'), 'leaderboard.json');
    const writers = ['0,1', '2,3'].map((seeds) => grokbenchAsync([...SMALL_SUITE, '--seed-list', seeds, '--out', out]));
    const codes = await Promise.all(writers.map((child) => new Promise<number | null>((resolve) => child.on('exit', resolve))));
    expect(codes).toEqual([0, 0]);
    const lb = read(out);
    expect(lb.entries.map((e) => e.runs.map((r) => r.seed).sort())).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
  });
});

describe('grokbench compare', () => {
  function leaderboardPair() {
    const dir = tempDir('grokbench-compare-');
    const base = path.join(dir, 'base.json');
    // A leaderboard whose runs grok, yet small: mod 23 on 90% of the pairs groks within 600 steps.
    suite(['--out', base, '--set', 'data.trainFraction=0.9', '--steps', '600']);
    return { dir, base };
  }

  it('exits 0 for a leaderboard against itself, 1 when tGrok doubles (naming the entries), 2 for a truncated file', () => {
    const { dir, base } = leaderboardPair();
    const lb = read(base);
    expect(lb.entries.some((e) => e.runs.some((r) => r.metrics.primary.tGrok !== null))).toBe(true);

    const same = grokbench(['compare', base, base]);
    expect(same.status).toBe(0);

    const slower = structuredClone(lb);
    for (const e of slower.entries) for (const r of e.runs) if (r.metrics.primary.tGrok !== null) r.metrics.primary.tGrok *= 2;
    const head = path.join(dir, 'head.json');
    fs.writeFileSync(head, JSON.stringify(slower));
    const regressed = grokbench(['compare', base, head]);
    expect(regressed.status).toBe(1);
    for (const e of lb.entries.filter((x) => x.runs.some((r) => r.metrics.primary.tGrok !== null))) expect(regressed.stdout).toContain(e.task);

    const truncated = path.join(dir, 'truncated.json');
    fs.writeFileSync(truncated, fs.readFileSync(base, 'utf8').slice(0, 200));
    const bad = grokbench(['compare', base, truncated]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/truncated\.json/);

    const gab = grokbench(['compare', base, base, '--format', 'github-action-benchmark']);
    expect(gab.status).toBe(0);
    const entries = JSON.parse(gab.stdout);
    expect(entries.customSmallerIsBetter[0]).toEqual(expect.objectContaining({ name: expect.any(String), unit: 'steps', value: expect.any(Number) }));
    expect(entries.customBiggerIsBetter[0]).toEqual(expect.objectContaining({ unit: 'steps/s' }));
  });
});
