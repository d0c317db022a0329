import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, readJsonLines, tempDir, withFlags, withoutTiming } from './cli-helpers.js';

/** modular-add mod 23: a run of a few hundred steps takes about a second. */
const TINY = ['--task', 'modular-add', '--set', 'data.p=23'];

interface Run {
  runId: string;
  stepsRun: number;
  stoppedBy: string;
  divergedAt?: number;
  config: { steps: number };
  metrics: { final: { step: number }; sharpness: { tStar: number | null; reason: string | null } };
}
interface Leaderboard {
  entries: { variant?: string; configId?: string; summary: { grokked: string; diverged?: number }; runs: Run[] }[];
}

function runJson(args: string[]): Run {
  const result = grokbench(['run', ...TINY, '--json', ...args]);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Run;
}

function expectOneLineExit2(result: ReturnType<typeof grokbench>, message: RegExp) {
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

describe('divergence', () => {
  it('stops a run whose loss turns NaN/∞ and records it as diverged, with the step', () => {
    const run = runJson(['--steps', '300', '--lr', '1e6', '--out', tempDir('grokbench-diverge-')]);
    expect(run.stoppedBy).toBe('diverged');
    expect(run.divergedAt).toBe(run.stepsRun);
    expect(run.stepsRun).toBeLessThan(300);
    expect(run.metrics.sharpness).toMatchObject({ tStar: null, reason: expect.stringMatching(/never grokked/) });
    expect(run.metrics.final.step).toBeLessThanOrEqual(run.stepsRun);
  });
});

describe('damaged run files', () => {
  const args = ['--steps', '200', '--set', 'checkpointEvery=100'];

  it('refuses a corrupted checkpoint in one line that names it and says --fresh', () => {
    const out = tempDir('grokbench-corrupt-');
    const run = runJson([...args, '--out', out]);
    const checkpoint = path.join(out, run.runId, 'checkpoint.bin');
    const bytes = fs.readFileSync(checkpoint);
    bytes[bytes.length - 100] ^= 0x01; // one flipped bit in the last tensor
    fs.writeFileSync(checkpoint, bytes);
    expectOneLineExit2(grokbench(['run', ...TINY, ...withFlags(args, ['--steps', '300']), '--resume', '--out', out]), /checkpoint\.bin is damaged.*--fresh/);
    fs.truncateSync(checkpoint, 200);
    expectOneLineExit2(grokbench(['run', ...TINY, ...withFlags(args, ['--steps', '300']), '--resume', '--out', out]), /checkpoint\.bin is damaged.*--fresh/);
  });

  it('repairs a curve whose last line a crash cut off, from the checkpoint step', () => {
    const out = tempDir('grokbench-cut-');
    const run = runJson([...args, '--out', out]);
    const curve = path.join(out, run.runId, 'curve.jsonl');
    fs.appendFileSync(curve, '{"step":300,"train":0.5,"hel');
    const resumed = runJson([...withFlags(args, ['--steps', '300']), '--resume', '--out', out]);
    const reference = runJson([...withFlags(args, ['--steps', '300']), '--out', tempDir('grokbench-cut-ref-')]);
    expect(withoutTiming(resumed as unknown as Record<string, unknown>)).toEqual(withoutTiming(reference as unknown as Record<string, unknown>));
    expect(readJsonLines<{ step: number }>(curve).at(-1)!.step).toBe(300);
  });
});

describe('one leaderboard entry per resolved configuration', () => {
  const suite = (out: string, extra: string[]) => {
    const result = grokbench(['suite', '--tasks', 'modular-add', '--set', 'data.p=23', '--seeds', '1', '--out', out, ...extra]);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.status).toBe(0);
    return result;
  };

  it('extends recorded runs to a larger --steps, and files another setting under its own entry', () => {
    const out = path.join(tempDir('grokbench-identity-'), 'leaderboard.json');
    suite(out, ['--steps', '200']);
    const longer = suite(out, ['--steps', '400']);
    expect(longer.stdout).toMatch(/extended/);
    let lb = JSON.parse(fs.readFileSync(out, 'utf8')) as Leaderboard;
    expect(lb.entries).toHaveLength(1);
    expect(lb.entries[0].runs.map((r) => [r.config.steps, r.stepsRun])).toEqual([[400, 400]]);

    suite(out, ['--steps', '400', '--set', 'optimizer.lr=0.002', '--threads', '1']);
    lb = JSON.parse(fs.readFileSync(out, 'utf8')) as Leaderboard;
    expect(lb.entries).toHaveLength(2);
    expect(lb.entries.map((e) => e.summary.grokked.split('/')[1])).toEqual(['1', '1']);
    // An entry is named by what its configuration changes; the budget is each run's own, not the entry's.
    expect(lb.entries.map((e) => e.variant).sort()).toEqual(['data.p=23', 'data.p=23, optimizer.lr=0.002, threads=1']);
  });
});

describe('extending a run that has no checkpoint', () => {
  const suite = (out: string, extra: string[]) => grokbench(['suite', '--tasks', 'modular-add', '--set', 'data.p=23', '--seeds', '1', '--out', out, ...extra]);
  const budgets = (out: string) => (JSON.parse(fs.readFileSync(out, 'utf8')) as Leaderboard).entries.flatMap((e) => e.runs.map((r) => [r.config.steps, r.stepsRun]));

  it('re-runs it on the CPU kind that recorded it, and keeps it, saying why, where another kind recorded it', () => {
    const dir = tempDir('grokbench-cpu-kind-');
    const out = path.join(dir, 'leaderboard.json');
    expect(suite(out, ['--steps', '200']).status).toBe(0);
    // Without its folder the run can only be extended by training it again from step 0.
    fs.rmSync(path.join(dir, 'runs'), { recursive: true });
    const recorded = fs.readFileSync(out, 'utf8');
    const here = (JSON.parse(recorded) as { entries: { runs: { environment: { cpuIsa?: string } }[] }[] }).entries[0].runs[0].environment.cpuIsa;
    expect(here).toBeDefined();
    fs.writeFileSync(out, recorded.replaceAll(`"cpuIsa": "${here}"`, '"cpuIsa": "another-isa"'));

    const kept = suite(out, ['--steps', '400']);
    expect(kept.status).toBe(0);
    expect(kept.stderr + kept.stdout).toMatch(/recorded on an another-isa CPU: re-running it on this \S+ CPU would draw another curve; kept as it is \(--rerun/);
    expect(budgets(out)).toEqual([[200, 200]]);
    expect(fs.existsSync(path.join(dir, 'runs'))).toBe(false);

    expect(suite(out, ['--steps', '400', '--rerun']).status).toBe(0);
    expect(budgets(out)).toEqual([[400, 400]]);
    // Recorded here, the same run without its folder is extended (re-run: resume is exact on one CPU kind).
    fs.rmSync(path.join(dir, 'runs'), { recursive: true });
    const extended = suite(out, ['--steps', '500']);
    expect(extended.stdout).toMatch(/extended/);
    expect(budgets(out)).toEqual([[500, 500]]);
  });
});

describe('multi-task suites', () => {
  it('validate every task’s settings before the first run trains', () => {
    const dir = tempDir('grokbench-multi-');
    const out = path.join(dir, 'lb.json');
    // data.p suits modular-add (first) but is no field of s5 (second): nothing may train.
    const result = grokbench(['suite', '--tasks', 'modular-add,s5', '--set', 'data.p=23', '--steps', '50', '--seeds', '1', '--out', out]);
    expectOneLineExit2(result, /^grokbench: s5 .*data.*Unrecognized key.*"p"/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
