/** The operations a triple (a, b, c) may follow; both are defined mod any p. */
export const TRIPLE_OPERATIONS = {
  add: { equation: 'c = (a + b) mod p', apply: (a: number, b: number, p: number) => (a + b) % p },
  sub: { equation: 'c = (a − b) mod p', apply: (a: number, b: number, p: number) => (((a - b) % p) + p) % p },
} as const;

export type TripleOperation = keyof typeof TRIPLE_OPERATIONS;

/** Every valid triple (a, b, a ∘ b) for a, b in 0..p−1, row-major in (a, b): values [p², 3]. */
export interface TripleTable {
  p: number;
  count: number;
  values: Int32Array;
}

export function tripleTable(p: number, operation: TripleOperation): TripleTable {
  const values = new Int32Array(p * p * 3);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) values.set([a, b, TRIPLE_OPERATIONS[operation].apply(a, b, p)], (a * p + b) * 3);
  }
  return { p, count: p * p, values };
}

/** The triples at `indices`, [n, 3]. */
export function triplesAt(table: TripleTable, indices: Int32Array): Int32Array {
  const out = new Int32Array(indices.length * 3);
  indices.forEach((example, row) => out.set(table.values.subarray(example * 3, example * 3 + 3), row * 3));
  return out;
}

/**
 * The triples at `indices` with one slot per triple replaced by `maskValue` (p: a value no residue
 * takes), the slot drawn uniformly from `uniform`: what the encoder sees of each training triple.
 */
export function maskOneSlot(triples: Int32Array, maskValue: number, uniform: () => number): Int32Array {
  const out = Int32Array.from(triples);
  for (let row = 0; row < out.length / 3; row++) out[row * 3 + Math.min(2, Math.floor(uniform() * 3))] = maskValue;
  return out;
}

/** The triples with their completion c hidden: (a, b, mask), as the scores query the model. */
export function maskCompletion(triples: Int32Array, maskValue: number): Int32Array {
  const out = Int32Array.from(triples);
  for (let row = 0; row < out.length / 3; row++) out[row * 3 + 2] = maskValue;
  return out;
}
