import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeaderboardError } from './leaderboard-error.js';
import { assertBuilt, HARNESS_DIST, runModule } from './test-dist.js';
import { leaderboardOf, seededRuns, syntheticRun } from './test-runs.js';
import { SCHEMA_FILES, validateLeaderboard, validateRun } from './validate.js';

/** The error a validation throws, asserting that it is one LeaderboardError line. */
function errorOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LeaderboardError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a LeaderboardError');
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

describe('schema files', () => {
  it('are found from the module, beside src/ and dist/', () => {
    expect(fs.existsSync(SCHEMA_FILES.run)).toBe(true);
    expect(fs.existsSync(SCHEMA_FILES.leaderboard)).toBe(true);
    expect(path.basename(path.dirname(SCHEMA_FILES.run.pathname))).toBe('schemas');
  });
});

describe('validateRun', () => {
  it('accepts a run.json written by runTask on the real engine', async () => {
    assertBuilt();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-validate-'));
    // In a child process on the build: the task package is the built one, with its own zod.
    const script = `
      import { findTask, runTask } from ${JSON.stringify(HARNESS_DIST.href)};
      const task = await findTask('modular-add');
      const overrides = { data: { p: 11 }, steps: 40, evalEvery: 20 };
      const record = await runTask({ task, preset: 'quick', method: 'adamw', seed: 0, engine: 'ort', device: 'cpu', threads: 1, overrides, outDir: process.argv[1] });
      process.stdout.write(record.runId);`;
    const result = await runModule(script, [outDir]);
    expect(result.stderr).toBe('');
    const written: unknown = JSON.parse(fs.readFileSync(path.join(outDir, result.stdout, 'run.json'), 'utf8'));
    expect(() => validateRun(written)).not.toThrow();
  });

  it('accepts synthetic runs that grokked and that did not', () => {
    expect(() => validateRun(syntheticRun())).not.toThrow();
    expect(() => validateRun(syntheticRun({ tGrok: null, tFit: null, stepsPerSecond: null }))).not.toThrow();
  });

  it('names the file, the path and the problem in one line', () => {
    const missing = clone(syntheticRun()) as Partial<ReturnType<typeof syntheticRun>>;
    delete missing.metrics;
    expect(errorOf(() => validateRun(missing, 'runs/a/run.json'))).toBe("runs/a/run.json: (root) must have required property 'metrics'");

    const wrongType = clone(syntheticRun()) as unknown as { metrics: { primary: { tGrok: unknown } } };
    wrongType.metrics.primary.tGrok = '1000';
    expect(errorOf(() => validateRun(wrongType, 'run.json'))).toBe('run.json: /metrics/primary/tGrok must be number,null');

    const unknownField = { ...syntheticRun(), extra: 1 };
    expect(errorOf(() => validateRun(unknownField))).toBe('run.json: (root) has unknown property "extra"');

    const badEnum = { ...syntheticRun(), stoppedBy: 'tired' };
    expect(errorOf(() => validateRun(badEnum))).toBe('run.json: /stoppedBy must be one of "budget", "generalized", "interrupted", "diverged"');
  });

  it('allows task-specific fields in config only', () => {
    const run = syntheticRun();
    expect(() => validateRun({ ...run, config: { ...run.config, vae: { latent: 8 } } })).not.toThrow();
    expect(errorOf(() => validateRun({ ...run, engine: { ...run.engine, gpu: true } }))).toMatch(/\/engine has unknown property "gpu"/);
  });

  it('rejects NaN and Infinity, which JSON would silently turn into null', () => {
    const run = clone(syntheticRun());
    run.throughput.stepsPerSecond = Number.NaN;
    expect(errorOf(() => validateRun(run))).toBe('run.json: /throughput/stepsPerSecond must be number,null');
  });

  it('says plainly when the file is of another kind or version', () => {
    expect(errorOf(() => validateRun({ ...syntheticRun(), schema: 'grokbench/run@2' }, 'x.json'))).toBe(
      'x.json: schema is "grokbench/run@2", expected "grokbench/run@1"',
    );
    expect(errorOf(() => validateRun([], 'x.json'))).toBe('x.json: must be a JSON object (a grokbench/run@1 file)');
  });
});

describe('validateLeaderboard', () => {
  const valid = () => clone(leaderboardOf([...seededRuns([1000, 2000, null]), ...seededRuns([500], { method: 'grokfast' })]));

  it('accepts a leaderboard built by addRuns', () => {
    expect(() => validateLeaderboard(valid())).not.toThrow();
  });

  it('points into the runs of an entry', () => {
    const lb = valid();
    (lb.entries[0].runs[2].metrics.primary as { tGrok: unknown }).tGrok = 'soon';
    expect(errorOf(() => validateLeaderboard(lb, 'results/leaderboard.json'))).toBe(
      'results/leaderboard.json: /entries/0/runs/2/metrics/primary/tGrok must be number,null',
    );
  });

  it('rejects a missing field, a wrong summary and a wrong schema string', () => {
    const noSummary = valid() as { entries: Partial<ReturnType<typeof valid>['entries'][0]>[] };
    delete noSummary.entries[1].summary;
    expect(errorOf(() => validateLeaderboard(noSummary, 'lb.json'))).toBe("lb.json: /entries/1 must have required property 'summary'");

    const badGrokked = valid();
    badGrokked.entries[0].summary.grokked = 'two of three';
    expect(errorOf(() => validateLeaderboard(badGrokked, 'lb.json'))).toBe('lb.json: /entries/0/summary/grokked must match pattern "^\\d+/\\d+$"');

    expect(errorOf(() => validateLeaderboard({ ...valid(), schema: 'grokbench/run@1' }, 'lb.json'))).toBe(
      'lb.json: schema is "grokbench/run@1", expected "grokbench/leaderboard@1"',
    );
    const { schema: _schema, ...untagged } = valid();
    expect(errorOf(() => validateLeaderboard(untagged, 'lb.json'))).toBe('lb.json: has no "schema" field; expected "grokbench/leaderboard@1"');
  });

  it('rejects a run filed under another entry, a repeated entry and a repeated runId', () => {
    const misfiled = valid();
    misfiled.entries[0].runs.push(misfiled.entries[1].runs.pop()!);
    misfiled.entries[1].runs.push(syntheticRun({ method: 'grokfast', seed: 9 }));
    expect(errorOf(() => validateLeaderboard(misfiled, 'lb.json'))).toMatch(
      /^lb\.json: \/entries\/0\/runs\/3 is run modular-add\.quick\.grokfast\.s0\.synth of modular-add\/quick\/grokfast \(supervised\), filed under entry modular-add\/quick\/adamw/,
    );

    const repeatedEntry = valid();
    repeatedEntry.entries.push(clone(repeatedEntry.entries[0]));
    expect(errorOf(() => validateLeaderboard(repeatedEntry, 'lb.json'))).toBe('lb.json: /entries/2 repeats entry modular-add/quick/adamw (also /entries/0)');

    const repeatedRun = valid();
    repeatedRun.entries[0].runs.push(clone(repeatedRun.entries[0].runs[0]));
    expect(errorOf(() => validateLeaderboard(repeatedRun, 'lb.json'))).toBe(
      'lb.json: /entries/0/runs/3 repeats run modular-add.quick.adamw.s0.synth (also /entries/0/runs/0)',
    );
  });
});
