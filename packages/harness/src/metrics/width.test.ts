import { describe, expect, it } from 'vitest';
import { crossingStep } from './crossing.js';
import { curveOf, point } from './test-curves.js';
import { width10to90 } from './width.js';

describe('width10to90', () => {
  it('interpolates crossings on a linear ramp evaluated every 500 steps', () => {
    // Chance 0.2, maximum 1.0 → levels 0.28 and 0.92. The ramp 0.2 → 1.0 over steps 1000–2000
    // is sampled at 1000 (0.2), 1500 (0.6), 2000 (1.0): crossings at 1000 + 0.08/0.4·500 = 1100
    // and 1500 + 0.32/0.4·500 = 1900, width 800 — not a multiple of the eval interval.
    const curve = curveOf(500, [1, 1, 1, 1, 1, 1], [0.2, 0.2, 0.2, 0.6, 1.0, 1.0]);
    expect(crossingStep(curve, 0.28)).toBeCloseTo(1100, 9);
    expect(crossingStep(curve, 0.92)).toBeCloseTo(1900, 9);
    expect(width10to90(curve, 0.2)).toBeCloseTo(800, 9);
  });

  it('measures the rise from chance, not from the curve minimum', () => {
    // Starts above chance (0): levels 0.1 and 0.9 → crossings 0 (first point) and 100 + 0.4/0.5·100.
    const curve = curveOf(100, [1, 1, 1], [0.4, 0.5, 1.0]);
    expect(width10to90(curve, 0)).toBeCloseTo(180, 9);
  });

  it('is null when the maximum is less than 0.1 above chance', () => {
    expect(width10to90(curveOf(100, [1, 1, 1], [0.01, 0.05, 0.109]), 0.01)).toBeNull();
    expect(width10to90([point(0, 0, 0.01)], 0.01)).toBeNull();
  });

  it('is zero for a curve at its maximum from the first evaluation', () => {
    expect(width10to90(curveOf(100, [1, 1], [1, 1]), 0)).toBe(0);
  });
});
