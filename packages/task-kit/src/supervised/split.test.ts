import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { splitExamples } from './split.js';

describe('splitExamples', () => {
  it('partitions the examples: ⌊fraction·N⌋ train, the rest held out, disjoint, covering all', () => {
    const { train, heldout } = splitExamples(1000, 0.3, Rng.fromSeed(1));
    expect(train.length).toBe(300);
    expect(heldout.length).toBe(700);
    const all = [...train, ...heldout].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is a function of the seed: equal for equal seeds, different across seeds', () => {
    const a = splitExamples(500, 0.5, Rng.fromSeed(7));
    const b = splitExamples(500, 0.5, Rng.fromSeed(7));
    const c = splitExamples(500, 0.5, Rng.fromSeed(8));
    expect(b.train).toEqual(a.train);
    expect(new Set(c.train)).not.toEqual(new Set(a.train));
  });

  it('refuses a fraction that leaves either side empty', () => {
    expect(() => splitExamples(10, 0.05, Rng.fromSeed(0))).toThrow(/training set empty/);
    expect(() => splitExamples(10, 1, Rng.fromSeed(0))).toThrow(/held-out set empty/);
  });
});
