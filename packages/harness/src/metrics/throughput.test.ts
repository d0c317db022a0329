import { describe, expect, it } from 'vitest';
import { point } from './test-curves.js';
import { throughputMetrics } from './throughput.js';

const curve = [point(0, 0, 0, 0), point(1000, 1, 0.5, 4), point(2000, 1, 0.97, 8.5), point(3000, 1, 1, 12)];

describe('throughputMetrics', () => {
  it('derives rates from steps, time and per-step work', () => {
    const result = throughputMetrics({ stepsRun: 3000, trainSeconds: 12, examplesPerStep: 4704, flopsPerStep: 2e9, tGrok: 2000, curve });
    // 3000 / 12 = 250 steps/s; ×4704 = 1,176,000 examples/s; 250 × 2e9 / 1e9 = 500 GFLOP/s.
    expect(result).toEqual({ stepsPerSecond: 250, examplesPerSecond: 1_176_000, gflops: 500, secondsToGrok: 8.5 });
  });

  it('reads the clock at an interpolated tGrok between evaluations', () => {
    const result = throughputMetrics({ stepsRun: 3000, trainSeconds: 12, examplesPerStep: 1, flopsPerStep: 1, tGrok: 1500, curve });
    expect(result.secondsToGrok).toBeCloseTo((4 + 8.5) / 2, 12);
  });

  it('is null where a figure does not exist', () => {
    const never = throughputMetrics({ stepsRun: 3000, trainSeconds: 12, examplesPerStep: 1, flopsPerStep: 1, tGrok: null, curve });
    expect(never.secondsToGrok).toBeNull();
    const untimed = throughputMetrics({ stepsRun: 0, trainSeconds: 0, examplesPerStep: 1, flopsPerStep: 1, tGrok: 0, curve });
    expect(untimed).toEqual({ stepsPerSecond: null, examplesPerSecond: null, gflops: null, secondsToGrok: 0 });
  });
});
