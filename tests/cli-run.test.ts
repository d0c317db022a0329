import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, grokbenchAsync, readJsonLines, tempDir, withoutTiming } from './cli-helpers.js';
import { withFlags } from './cli-helpers.js';

/** A small, fast configuration of a real task: modular addition mod 23 with the quick MLP. */
const SMALL = ['run', '--task', 'modular-add', '--preset', 'quick', '--set', 'data.p=23', '--eval-every', '10', '--steps', '400', '--patience', '0'];

function runJson(args: string[]) {
  const result = grokbench([...args, '--json']);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('grokbench run', () => {
  it('writes run.json and curve.jsonl with the documented fields', () => {
    const out = tempDir('grokbench-run-');
    const record = runJson([...SMALL, '--out', out]);
    expect(record).toMatchObject({ schema: 'grokbench/run@1', task: 'modular-add', paradigm: 'supervised', preset: 'quick', method: 'adamw', seed: 0 });
    for (const key of ['runId', 'config', 'engine', 'environment', 'stepsRun', 'wallSeconds', 'metrics', 'throughput']) expect(record).toHaveProperty(key);
    expect(record.engine).toMatchObject({ name: 'ort', device: 'cpu' });
    expect(Object.keys(record.metrics.primary)).toEqual(['theta', 'tFit', 'tGrok', 'tGrokSustained', 'delay', 'delayRatio', 'heldoutAtFit', 'riseAfterFit']);
    expect(record.metrics.strict.theta).toBe(0.99);
    expect(record.metrics).toMatchObject({ phase: expect.any(String), phaseReason: expect.any(String), companionAgreement: { series: 'heldoutLoss' } });
    expect(Object.keys(record.metrics.sharpness)).toEqual(expect.arrayContaining(['width10to90', 'relativeSharpness', 'tStar', 's']));
    expect(record.config.data.p).toBe(23);
    const dir = path.join(out, record.runId);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'))).toEqual(record);
    const curve = readJsonLines<{ step: number }>(path.join(dir, 'curve.jsonl'));
    expect(curve[0].step).toBe(0);
    expect(curve.at(-1)!.step).toBe(record.stepsRun);
  });

  it('gives an identical curve for the same seed, and refuses to overwrite a recorded run', () => {
    const a = tempDir('grokbench-det-a-');
    const b = tempDir('grokbench-det-b-');
    const first = runJson([...SMALL, '--seed', '3', '--out', a]);
    const second = runJson([...SMALL, '--seed', '3', '--out', b]);
    expect(second.runId).toBe(first.runId);
    const curve = (dir: string) => readJsonLines<Record<string, unknown>>(path.join(dir, first.runId, 'curve.jsonl')).map(withoutTiming);
    expect(curve(b)).toEqual(curve(a));
    expect(withoutTiming(second)).toEqual(withoutTiming(first));

    const again = grokbench([...SMALL, '--seed', '3', '--out', a]);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already has results.*--resume/);
  });

  it('refuses to resume a run to a smaller budget than it has run, changing nothing', () => {
    const out = tempDir('grokbench-smaller-');
    const record = runJson([...withFlags(SMALL, ['--steps', '200']), '--out', out]);
    const dir = path.join(out, record.runId);
    const before = fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]);
    const result = grokbench([...withFlags(SMALL, ['--steps', '100']), '--out', out, '--resume']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^grokbench: steps: the run is at step 200, past the 100 asked; --resume continues a run to a budget at least as large/);
    expect(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))])).toEqual(before);
  });

  it('refuses in one line a run that another process is training', () => {
    const out = tempDir('grokbench-in-use-');
    const record = runJson([...withFlags(SMALL, ['--steps', '20']), '--out', out]);
    // What a live run leaves in its folder: a lock naming its process (here, this test's own).
    const lock = path.join(out, record.runId, 'lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    const result = grokbench([...withFlags(SMALL, ['--steps', '40']), '--out', out, '--resume']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^grokbench: run ${record.runId} is being trained by process ${process.pid} on `));
    expect(fs.existsSync(lock)).toBe(true);
  });

  it('resumes a run killed mid-way to the same metrics as one never interrupted', async () => {
    const args = withFlags(SMALL, ['--steps', '1500', '--batch-size', '64', '--set', 'checkpointEvery=100', '--set', 'checkpointSeconds=0']);
    const referenceOut = tempDir('grokbench-ref-');
    const reference = runJson([...args, '--out', referenceOut]);
    const out = tempDir('grokbench-kill-');
    const child = grokbenchAsync([...args, '--out', out]);
    const checkpoint = path.join(out, reference.runId, 'checkpoint.bin');
    const curveFile = path.join(out, reference.runId, 'curve.jsonl');
    // Kill it hard once it has checkpointed and moved on, so the resume must discard evaluations past the checkpoint.
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        const last = fs.existsSync(curveFile) ? readJsonLines<{ step: number }>(curveFile).at(-1)?.step ?? 0 : 0;
        if (fs.existsSync(checkpoint) && last >= 250) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    await new Promise((r) => child.on('exit', r));
    expect(fs.existsSync(path.join(out, reference.runId, 'run.json'))).toBe(false);
    // The killed process's lock is left behind; its process is gone, so the resume takes it over.
    expect(fs.existsSync(path.join(out, reference.runId, 'lock'))).toBe(true);
    const resumed = runJson([...args, '--out', out, '--resume']);
    expect(resumed.resumedFrom).toBeGreaterThan(0);
    expect(withoutTiming(resumed)).toEqual(withoutTiming(reference));
    // The progress measures and per-parameter norms recorded at every evaluation are the same numbers too.
    const measures = (file: string) =>
      readJsonLines<{ extra?: Record<string, number>; parameterNorms?: Record<string, number> }>(file).map((p) => ({ extra: p.extra, parameterNorms: p.parameterNorms }));
    const referenceMeasures = measures(path.join(referenceOut, reference.runId, 'curve.jsonl'));
    for (const point of referenceMeasures) {
      for (const name of ['embeddingFourierIpr', 'circuitShare', 'restrictedLoss', 'excludedLoss']) expect(typeof point.extra?.[name]).toBe('number');
      expect(Object.keys(point.parameterNorms ?? {}).length).toBeGreaterThan(0);
    }
    expect(measures(curveFile)).toEqual(referenceMeasures);
    expect(resumed.metrics.circuit).toEqual(reference.metrics.circuit);
  });
});

describe('bad input gets one line and exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown task', ['run', '--task', 'no-such-task'], /unknown task "no-such-task"/],
    ['a negative learning rate', ['run', '--task', 'modular-add', '--lr', '-0.1'], /optimizer\.lr/],
    ['a train fraction of 0', ['run', '--task', 'modular-add', '--train-fraction', '0'], /data\.trainFraction/],
    ['a train fraction of 1.5', ['run', '--task', 'modular-add', '--train-fraction', '1.5'], /data\.trainFraction/],
    ['an unknown preset', ['run', '--task', 'modular-add', '--preset', 'nope'], /no preset "nope"/],
    ['an unknown method', ['run', '--task', 'modular-add', '--method', 'sam'], /unknown method "sam"/],
    ['an unknown flag', ['run', '--task', 'modular-add', '--learning-rate', '1'], /Unknown argument/i],
    ['an unknown config field', ['run', '--task', 'modular-add', '--set', 'model.depthh=3'], /depthh|Unrecognized/i],
    ['an unknown cross-entropy form', ['run', '--task', 'modular-add', '--set', 'model.crossEntropy=float64'], /model\.crossEntropy: .*"log-softmax"\|"non-cancelling"/],
    ['a composite modulus', ['run', '--task', 'modular-div', '--set', 'data.p=91'], /prime/],
    ['a CUDA device without its provider', ['run', '--task', 'modular-add', '--device', 'cuda'], /npm run install:cuda/],
    ['zero threads', ['run', '--task', 'modular-add', '--threads', '0'], /--threads takes an integer from 1 to \d+ \(the cores available\), got "0"/],
    ['a negative seed', ['run', '--task', 'modular-add', '--seed', '-1'], /--seed takes an integer from 0 to .*, got "-1"/],
    ['no command', [], /command/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const result = grokbench(args[0] === 'run' ? [...args, '--out', tempDir('grokbench-bad-')] : args);
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(lines[0]).toMatch(/^grokbench: /);
    });
  }
});
