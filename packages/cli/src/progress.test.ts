import { PassThrough } from 'node:stream';
import type { RunRecord } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import { createRunProgress, createSuiteProgress } from './progress.js';

/** A non-terminal stream (a log file, CI) whose output the test reads back. */
function logStream() {
  const stream = new PassThrough() as PassThrough & NodeJS.WriteStream;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

const finished = { stoppedBy: 'budget', stepsRun: 500, wallSeconds: 12.5, metrics: { phase: 'grokking', primary: { tGrok: 300 } } } as unknown as RunRecord;

describe('suite progress without a terminal', () => {
  it('prints each running run’s step once per interval, and a line when each run ends', () => {
    const log = logStream();
    let now = 0;
    const progress = createSuiteProgress(3, log.stream, 30_000, () => now);
    progress.jobStarted('add/s0', 0);
    progress.jobStarted('add/s1', 1);
    now = 29_999;
    progress.step(0, 100, 500);
    progress.step(1, 90, 500);
    expect(log.lines()).toEqual([]);
    now = 30_000;
    progress.step(0, 120, 500);
    progress.step(0, 121, 500);
    progress.step(1, 110, 500);
    expect(log.lines()).toEqual(['suite [1/3] add/s0: step 120/500', 'suite [2/3] add/s1: step 110/500']);
    progress.jobEnded('add/s0', finished, 0);
    now = 90_000;
    progress.step(0, 500, 500);
    expect(log.lines().slice(2)).toEqual(['suite [1/3] add/s0: grokking: held-out reached θ at step 300 (500 steps, 12.5 s)']);
    progress.jobEnded('add/s2', null, 2);
    expect(log.lines().at(-1)).toBe('suite [3/3] add/s2: already recorded: reused (--rerun to repeat it)');
  });
});

describe('run progress without a terminal', () => {
  it('prints a diverging loss and weight norm in exponent form, not as 30-digit numbers', () => {
    const log = logStream();
    const progress = createRunProgress('add/s0', log.stream);
    const point = { step: 5, train: 0.02, heldout: 0.014, trainLoss: 1.1224764046805772e32, heldoutLoss: 1.2484132054458657e32, weightNorm: 209691226906050016, trainSeconds: 0.1 };
    progress.evaluated(point, 300);
    expect(log.lines()).toEqual(['add/s0 step 5/300  train 0.020  held-out 0.014  loss 1.122e+32/1.248e+32  |w| 2.097e+17']);
    const sane = createRunProgress('add/s1', log.stream);
    sane.evaluated({ ...point, trainLoss: 4.07823, heldoutLoss: Number.NaN, weightNorm: 10.24 }, 300);
    expect(log.lines().at(-1)).toBe('add/s1 step 5/300  train 0.020  held-out 0.014  loss 4.0782/NaN  |w| 10.2');
  });
});
