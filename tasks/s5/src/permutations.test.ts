import { describe, expect, it } from 'vitest';
import { compose, lexicographicPermutations, symmetricGroupTable } from './permutations.js';

/** Heap's algorithm: a different enumeration of the same set, sorted afterwards. */
function heapPermutations(n: number): number[][] {
  const a = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [[...a]];
  const c = new Array(n).fill(0);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [a[j], a[i]] = [a[i], a[j]];
      out.push([...a]);
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

const lexCompare = (x: readonly number[], y: readonly number[]) => {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] - y[k];
  return 0;
};

describe('S5', () => {
  const { table, elements } = symmetricGroupTable(5);
  const key = (p: readonly number[]) => p.join('');
  const index = new Map(elements.map((p, i) => [key(p), i]));

  it('lists the 120 permutations of 0..4 in lexicographic order', () => {
    expect(elements.length).toBe(120);
    expect(elements.map((p) => [...p])).toEqual(heapPermutations(5).sort(lexCompare));
    expect(lexicographicPermutations(3).map((p) => p.join(''))).toEqual(['012', '021', '102', '120', '201', '210']);
  });

  it('has all 14,400 pairs, answers c[i] = b[a[i]] by an independent composition', () => {
    expect(table.a.length).toBe(14_400);
    for (let i = 0; i < table.a.length; i += 37) {
      const [a, b, c] = [elements[table.a[i]], elements[table.b[i]], elements[table.answer[i]]];
      for (let k = 0; k < 5; k++) expect(c[k]).toBe(b[a[k]]);
    }
  });

  it('is a group: identity element 0, closure, inverses; and it is not commutative', () => {
    const at = (a: number, b: number) => table.answer[a * 120 + b];
    for (let x = 0; x < 120; x++) {
      expect(at(0, x)).toBe(x);
      expect(at(x, 0)).toBe(x);
      // Each row is a permutation of the elements (closure plus cancellation).
      expect(new Set(Array.from({ length: 120 }, (_, y) => at(x, y))).size).toBe(120);
    }
    let noncommuting = 0;
    for (let x = 0; x < 120; x++) for (let y = 0; y < 120; y++) if (at(x, y) !== at(y, x)) noncommuting++;
    expect(noncommuting).toBeGreaterThan(0);
    // (0 1) then (1 2): 0→1→2, 1→0, 2→1, i.e. [2, 0, 1]; the other order gives [1, 2, 0].
    const swap01 = index.get('10234')!;
    const swap12 = index.get('02134')!;
    expect(key(elements[at(swap01, swap12)])).toBe('20134');
    expect(key(elements[at(swap12, swap01)])).toBe('12034');
    expect(key(compose([1, 0, 2, 3, 4], [0, 2, 1, 3, 4]))).toBe('20134');
  });
});
