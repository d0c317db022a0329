import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { CurvePoint } from '../curve.js';
import { OrtEngine } from '../engines/ort-engine.js';
import { seedStreams, type Task, type TrainingConfig } from '@grokbench/task-kit';
import { train, type TrainOptions } from '../train-loop.js';

/** A curve without the fields that measure time, which legitimately differ between identical runs. */
export const withoutTiming = (curve: CurvePoint[]) => curve.map(({ trainSeconds: _, ...rest }) => rest);

/**
 * Training a task package's experiment in a test as the harness does (data, init and batch streams
 * split from one seed; ORT, one thread), with run folders removed after each test. Call inside a
 * `describe`.
 */
export function taskRuns<C extends TrainingConfig>(task: Task<C>) {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const runFiles = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `grokbench-${task.id}-`));
    dirs.push(dir);
    return { curve: path.join(dir, 'curve.jsonl'), checkpoint: path.join(dir, 'checkpoint.bin') };
  };
  const options = (config: C, seed: number, extra: Partial<TrainOptions> = {}): TrainOptions => {
    const rng = seedStreams(seed);
    return { engine: new OrtEngine({ threads: 1 }), experiment: task.setup(config, rng.data), config, rng, ...extra };
  };
  /**
   * Trains `config` from seed 1 twice and once interrupted at step `stopAt` then resumed: all three
   * curves must be equal (timings aside). Returns the curve, for checks of its own.
   */
  const expectReproducibleAndResumable = async (config: C, stopAt: number): Promise<CurvePoint[]> => {
    const first = await train(options(config, 1));
    expect(withoutTiming((await train(options(config, 1))).curve)).toEqual(withoutTiming(first.curve));
    const files = runFiles();
    const controller = new AbortController();
    const stopped = await train(options(config, 1, { files, signal: controller.signal, onStep: (s) => s === stopAt && controller.abort() }));
    expect(stopped.stoppedBy).toBe('interrupted');
    const resumed = await train(options(config, 1, { files, resume: true }));
    expect(resumed.resumedFrom).toBe(stopAt);
    expect(withoutTiming(resumed.curve)).toEqual(withoutTiming(first.curve));
    return first.curve;
  };
  return { options, expectReproducibleAndResumable };
}
