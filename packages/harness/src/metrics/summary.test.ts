import { describe, expect, it } from 'vitest';
import { quantileType7 } from './quantile.js';
import { summarize } from './summary.js';

// Expected values are numpy.quantile's defaults (type 7), computed by hand.
describe('quantileType7', () => {
  it('matches hand-computed values', () => {
    expect(quantileType7([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileType7([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileType7([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantileType7([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantileType7([7], 0.75)).toBe(7);
    expect(quantileType7([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileType7([1, 2, 3, 4], 1)).toBe(4);
  });
});

describe('summarize', () => {
  it('gives median and IQR of known inputs, in any order', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, count: 4, reached: '4/4', median: 2.5, q1: 1.75, q3: 3.25, iqr: 1.5 });
  });

  it('counts runs without a value and summarizes the others', () => {
    // Values 1000, 3000, 2000 → sorted 1000, 2000, 3000: q1 1500, median 2000, q3 2500.
    expect(summarize([1000, null, 3000, null, 2000])).toEqual({
      n: 5,
      count: 3,
      reached: '3/5',
      median: 2000,
      q1: 1500,
      q3: 2500,
      iqr: 1000,
    });
  });

  it('is all null statistics when no run has a value, and for no runs', () => {
    expect(summarize([null, null])).toEqual({ n: 2, count: 0, reached: '0/2', median: null, q1: null, q3: null, iqr: null });
    expect(summarize([])).toEqual({ n: 0, count: 0, reached: '0/0', median: null, q1: null, q3: null, iqr: null });
  });

  it('rejects NaN and Infinity instead of writing them to JSON', () => {
    expect(() => summarize([1, NaN])).toThrow(/non-finite/);
    expect(() => summarize([Infinity])).toThrow(/non-finite/);
  });
});
