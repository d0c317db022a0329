import { describe, expect, it } from 'vitest';
import { erf, erfDerivative } from './erf.js';

// Reference values: Abramowitz & Stegun Table 7.1 and erfc(3), erfc(4) to 16 digits
// (erfc(3) = 2.209049699858544e-5, erfc(4) = 1.541725790028002e-8); erf⁻¹(0.8) = 0.9061938024368233.
describe('erf', () => {
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [0.9061938024368233, 0.8],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 1 - 2.209049699858544e-5],
    [4, 1 - 1.541725790028002e-8],
    [10, 1],
  ])('erf(%f) = %f and is odd', (x, expected) => {
    expect(erf(x)).toBeCloseTo(expected, 9);
    expect(erf(-x)).toBeCloseTo(-expected, 9);
  });

  it('reaches the tail values erfc(3) and erfc(4) to relative 1e-10', () => {
    expect(Math.abs((1 - erf(3)) / 2.209049699858544e-5 - 1)).toBeLessThan(1e-10);
    expect(Math.abs((1 - erf(4)) / 1.541725790028002e-8 - 1)).toBeLessThan(1e-7);
  });

  it('is continuous across x = 3', () => {
    expect(Math.abs(erf(3 - 1e-12) - erf(3))).toBeLessThan(1e-13);
  });

  it('derivative matches a central difference of erf itself', () => {
    for (const x of [-3.5, -1.5, -0.3, 0, 0.7, 2, 2.99, 3.01]) {
      const h = 1e-5;
      expect(erfDerivative(x)).toBeCloseTo((erf(x + h) - erf(x - h)) / (2 * h), 8);
    }
  });
});
