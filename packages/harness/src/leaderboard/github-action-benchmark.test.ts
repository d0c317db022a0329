import { describe, expect, it } from 'vitest';
import { toGithubActionBenchmark } from './github-action-benchmark.js';
import { leaderboardOf, seededRuns, syntheticRun } from './test-runs.js';

describe('toGithubActionBenchmark', () => {
  const lb = leaderboardOf([
    ...seededRuns([1000, 1200, null], { wallSeconds: 6 }),
    syntheticRun({ task: 's5', tGrok: null, steps: 20_000, stepsPerSecond: null, wallSeconds: 3 }),
  ]);
  const out = toGithubActionBenchmark(lb);

  it('gives github-action-benchmark custom entries: name, unit, value, range, extra', () => {
    expect(Object.keys(out)).toEqual(['customSmallerIsBetter', 'customBiggerIsBetter']);
    for (const result of [...out.customSmallerIsBetter, ...out.customBiggerIsBetter]) {
      expect(Object.keys(result).every((key) => ['name', 'unit', 'value', 'range', 'extra'].includes(key))).toBe(true);
      expect(typeof result.name).toBe('string');
      expect(typeof result.unit).toBe('string');
      expect(Number.isFinite(result.value)).toBe(true);
      if (result.range !== undefined) expect(typeof result.range).toBe('string');
      if (result.extra !== undefined) expect(typeof result.extra).toBe('string');
    }
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('charts median tGrok and wall seconds as smaller-is-better, with half the IQR as range', () => {
    expect(out.customSmallerIsBetter).toEqual([
      {
        name: 'modular-add/quick/adamw tGrok',
        unit: 'steps',
        value: 1100,
        range: '± 50',
        extra: 'grokked 2/3; q1–q3 1,050–1,150 steps; median of the 2 runs that grokked',
      },
      { name: 'modular-add/quick/adamw wall seconds', unit: 's', value: 6, range: '± 0', extra: '3 runs; q1–q3 6–6 s' },
      {
        name: 's5/quick/adamw tGrok',
        unit: 'steps',
        value: 20_000,
        extra: 'did not grok: 0/1 runs grokked within 20000 steps; value is the step budget',
      },
      { name: 's5/quick/adamw wall seconds', unit: 's', value: 3, range: '± 0', extra: '1 run; q1–q3 3–3 s' },
    ]);
  });

  it('charts steps/s as bigger-is-better, leaving out entries without timing', () => {
    expect(out.customBiggerIsBetter).toEqual([
      { name: 'modular-add/quick/adamw steps/s', unit: 'steps/s', value: 1000, range: '± 0', extra: '3/3 runs with timing; q1–q3 1,000–1,000 steps/s' },
    ]);
  });
});
