import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { EpochSampler } from './epoch-sampler.js';

function stream(items: number, batch: number, batches: number, seed: number): number[] {
  const sampler = new EpochSampler(Int32Array.from({ length: items }, (_, i) => 100 + i));
  const rng = Rng.fromSeed(seed);
  const out: number[] = [];
  for (let step = 1; step <= batches; step++) {
    const b = sampler.batch(step, batch, rng);
    expect(b.length).toBe(batch);
    out.push(...b);
  }
  return out;
}

describe('EpochSampler', () => {
  it('shows every item exactly once in each epoch-sized window of the stream, batches straddling epochs', () => {
    // 7 does not divide 23, so batches cross epoch boundaries.
    const s = stream(23, 7, 20, 3);
    for (let start = 0; start + 23 <= s.length; start += 23) {
      expect(s.slice(start, start + 23).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => 100 + i));
    }
  });

  it('reshuffles each epoch', () => {
    const s = stream(50, 10, 10, 3);
    expect(s.slice(0, 50)).not.toEqual(s.slice(50, 100));
  });

  it('is deterministic given the rng', () => {
    expect(stream(23, 7, 10, 5)).toEqual(stream(23, 7, 10, 5));
    expect(stream(23, 7, 10, 5)).not.toEqual(stream(23, 7, 10, 6));
  });

  it('draws batch t the same whether or not the batches before it were drawn (what exact resume needs)', () => {
    const all = stream(23, 7, 10, 5);
    const fresh = new EpochSampler(Int32Array.from({ length: 23 }, (_, i) => 100 + i));
    expect(Array.from(fresh.batch(8, 7, Rng.fromSeed(5)))).toEqual(all.slice(7 * 7, 8 * 7));
  });
});
