import { binaryOperationTable, type BinaryOperationTable } from '@grokbench/task-kit';
import { modInverse } from './number-theory.js';

export type ModularOperationId = 'add' | 'sub' | 'div' | 'mul';

export interface ModularOperation {
  id: ModularOperationId;
  /** How the equation reads, for descriptions. */
  equation: string;
  apply(a: number, b: number, p: number): number;
  /** Whether a pair (a, b) belongs to the operation's domain. */
  defined(b: number, options: { excludeZeroRight: boolean }): boolean;
}

const everyPair = () => true;

export const MODULAR_OPERATIONS: Readonly<Record<ModularOperationId, ModularOperation>> = {
  add: { id: 'add', equation: 'a + b mod p', apply: (a, b, p) => (a + b) % p, defined: everyPair },
  sub: { id: 'sub', equation: 'a − b mod p', apply: (a, b, p) => (a - b + p) % p, defined: everyPair },
  // Division is multiplication by the inverse, defined for b ≠ 0 only: p·(p − 1) equations.
  div: { id: 'div', equation: 'a · b⁻¹ mod p (b ≠ 0)', apply: (a, b, p) => (a * modInverse(b, p)) % p, defined: (b) => b !== 0 },
  mul: {
    id: 'mul',
    equation: 'a · b mod p',
    apply: (a, b, p) => (a * b) % p,
    // Lee et al. (2024) drop b = 0, whose row of answers is all zeros.
    defined: (b, { excludeZeroRight }) => !(excludeZeroRight && b === 0),
  },
};

/** Every equation of `op` mod p, a-major: pair index a·p + b when no pair is excluded. */
export function modularTable(op: ModularOperation, p: number, excludeZeroRight = false): BinaryOperationTable {
  const pairs: [number, number][] = [];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) if (op.defined(b, { excludeZeroRight })) pairs.push([a, b]);
  }
  return binaryOperationTable(p, pairs, (a, b) => op.apply(a, b, p));
}
