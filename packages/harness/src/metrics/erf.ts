import { erf64 } from '@grokbench/graph';

/**
 * Error function to near double precision: the graph package's float64 erf, which its reference
 * evaluator already relies on. (The short textbook approximations, errors ~1e-7, have derivatives
 * off by ~1e-4, which would make the erf fit's analytic Jacobian inconsistent with its model.)
 */
export const erf: (x: number) => number = erf64;

/** d/dx erf(x) = 2/√π · e^(−x²). */
export function erfDerivative(x: number): number {
  return TWO_OVER_SQRT_PI * Math.exp(-x * x);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
