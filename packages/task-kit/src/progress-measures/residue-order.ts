import { isPrime } from '../primes.js';

/**
 * The order in which a modular task's residues form a cyclic group, so that a Fourier transform
 * over that order sees the structure the task's answers depend on. Addition and subtraction act on
 * Z_p: residues 0, 1, …, p − 1. Multiplication and division act on the multiplicative group of
 * nonzero residues, which is cyclic of order p − 1: its residues in the order g⁰, g¹, …, g^(p−2) of a
 * primitive root g (a discrete-log reindexing; residue 0 is outside the group and left out).
 */
export type ResidueGroup = 'additive' | 'multiplicative';

function powMod(base: number, exponent: number, p: number): number {
  let result = 1;
  let b = base % p;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = (result * b) % p;
    b = (b * b) % p;
    e >>= 1;
  }
  return result;
}

/** The smallest primitive root of the prime p: g whose powers g¹ … g^(p−1) are every nonzero residue. */
export function primitiveRoot(p: number): number {
  if (!isPrime(p)) throw new RangeError(`${p} has no primitive root here: not a prime`);
  const order = p - 1;
  const primeFactors: number[] = [];
  for (let n = order, f = 2; n > 1; f++) {
    if (n % f === 0) primeFactors.push(f);
    while (n % f === 0) n /= f;
  }
  if (p === 2) return 1;
  for (let g = 2; g < p; g++) if (primeFactors.every((q) => powMod(g, order / q, p) !== 1)) return g;
  throw new RangeError(`${p}: no primitive root found`);
}

export function residueOrder(p: number, group: ResidueGroup): Int32Array {
  if (group === 'additive') return Int32Array.from({ length: p }, (_, i) => i);
  const g = primitiveRoot(p);
  return Int32Array.from({ length: p - 1 }, (_, j) => powMod(g, j, p));
}
