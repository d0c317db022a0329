/**
 * Error function to near double precision. JavaScript has no Math.erf, and the short textbook
 * approximations (errors ~1e-7) have derivatives off by ~1e-4, which would make the erf fit's
 * analytic Jacobian inconsistent with its model. Maclaurin series where it converges quickly,
 * the classical continued fraction for erfc in the tail.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  const value = z < SERIES_LIMIT ? erfSeries(z) : 1 - erfcContinuedFraction(z);
  return x < 0 ? -value : value;
}

/** d/dx erf(x) = 2/√π · e^(−x²). */
export function erfDerivative(x: number): number {
  return TWO_OVER_SQRT_PI * Math.exp(-x * x);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
// Up to 3 the series' largest term is ~3e3, so cancellation costs under four digits.
const SERIES_LIMIT = 3;
// At z ≥ 3 the continued fraction has converged to double precision well within this depth.
const FRACTION_DEPTH = 60;

/** erf(z) = 2/√π · Σ (−1)ⁿ z^(2n+1) / (n! (2n+1)). */
function erfSeries(z: number): number {
  let power = z; // (−1)ⁿ z^(2n+1) / n!
  let sum = z;
  for (let n = 1; Math.abs(power) > 1e-17 * Math.abs(sum); n++) {
    power *= (-z * z) / n;
    sum += power / (2 * n + 1);
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** erfc(z) = e^(−z²)/√π · 1 / (z + (1/2) / (z + 1 / (z + (3/2) / (z + …)))), evaluated bottom-up. */
function erfcContinuedFraction(z: number): number {
  let tail = z;
  for (let k = FRACTION_DEPTH; k >= 1; k--) tail = z + k / 2 / tail;
  return Math.exp(-z * z) / (Math.sqrt(Math.PI) * tail);
}
