import { binaryOperationTable, type BinaryOperationTable } from '@grokbench/task-kit';

export type Permutation = readonly number[];

/** All permutations of 0..n−1 in lexicographic order, by repeated next-permutation steps. */
export function lexicographicPermutations(n: number): Permutation[] {
  const current = Array.from({ length: n }, (_, i) => i);
  const out: Permutation[] = [[...current]];
  for (;;) {
    // The rightmost ascent i; without one, current is the last (descending) permutation.
    let i = n - 2;
    while (i >= 0 && current[i] >= current[i + 1]) i--;
    if (i < 0) return out;
    let j = n - 1;
    while (current[j] <= current[i]) j--;
    [current[i], current[j]] = [current[j], current[i]];
    current.splice(i + 1, n - i - 1, ...current.slice(i + 1).reverse());
    out.push([...current]);
  }
}

/** a then b: c[i] = b[a[i]]. */
export function compose(a: Permutation, b: Permutation): Permutation {
  return a.map((x) => b[x]);
}

/** The composition table of the symmetric group on n points, elements numbered lexicographically. */
export function symmetricGroupTable(n: number): { table: BinaryOperationTable; elements: Permutation[] } {
  const elements = lexicographicPermutations(n);
  const id = new Map(elements.map((p, i) => [p.join(','), i]));
  const pairs: [number, number][] = [];
  for (let a = 0; a < elements.length; a++) for (let b = 0; b < elements.length; b++) pairs.push([a, b]);
  const table = binaryOperationTable(elements.length, pairs, (a, b) => id.get(compose(elements[a], elements[b]).join(','))!);
  return { table, elements };
}
