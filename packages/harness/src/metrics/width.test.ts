import { describe, expect, it } from 'vitest';
import { crossingStep } from './crossing.js';
import { curveOf, point } from './test-curves.js';
import { width10to90 } from './width.js';

describe('width10to90', () => {
  it('interpolates crossings on a linear ramp evaluated every 500 steps', () => {
    // Chance 0.2, θ 1.0 → levels 0.28 and 0.92. The ramp 0.2 → 1.0 over steps 1000–2000
    // is sampled at 1000 (0.2), 1500 (0.6), 2000 (1.0): crossings at 1000 + 0.08/0.4·500 = 1100
    // and 1500 + 0.32/0.4·500 = 1900, width 800 — not a multiple of the eval interval.
    const curve = curveOf(500, [1, 1, 1, 1, 1, 1], [0.2, 0.2, 0.2, 0.6, 1.0, 1.0]);
    expect(crossingStep(curve, 0.28)).toBeCloseTo(1100, 9);
    expect(crossingStep(curve, 0.92)).toBeCloseTo(1900, 9);
    expect(width10to90(curve, 0.2, 1)).toBeCloseTo(800, 9);
  });

  it('measures the rise from chance, not from the curve minimum', () => {
    // Starts above chance (0): levels 0.1 and 0.9 → crossings 0 (first point) and 100 + 0.4/0.5·100.
    const curve = curveOf(100, [1, 1, 1], [0.4, 0.5, 1.0]);
    expect(width10to90(curve, 0, 1)).toBeCloseTo(180, 9);
  });

  it('is measured on the levels of θ, so how far a run overshoots θ does not change it', () => {
    // Identical up to θ = 0.95; one run stops at 0.96, the other goes on to 1.0. With levels taken
    // from each curve's maximum the second would be wider; on θ's levels (0.095, 0.855) they agree.
    const justAbove = curveOf(100, Array(6).fill(1), [0, 0, 0.3, 0.8, 0.96, 0.96]);
    const overshoot = curveOf(100, Array(6).fill(1), [0, 0, 0.3, 0.8, 0.96, 1.0]);
    expect(width10to90(justAbove, 0, 0.95)).toBeCloseTo(width10to90(overshoot, 0, 0.95)!, 9);
    expect(width10to90(justAbove, 0, 0.95)).toBeCloseTo(300 + (0.055 / 0.16) * 100 - (100 + (0.095 / 0.3) * 100), 9);
  });

  it('is null when the held-out score never reaches chance + 90 % of θ − chance', () => {
    expect(width10to90(curveOf(100, [1, 1, 1], [0.01, 0.05, 0.5]), 0.01, 0.95)).toBeNull();
    expect(width10to90([point(0, 0, 0.01)], 0.01, 0.95)).toBeNull();
  });

  it('is zero for a curve at θ from the first evaluation', () => {
    expect(width10to90(curveOf(100, [1, 1], [1, 1]), 0, 0.95)).toBe(0);
  });
});
