import { ConfigError, Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { modularAdd, modularDiv, modularMul, modularSub } from './modular-task.js';
import { MODULAR_OPERATIONS, modularTable } from './modular-operations.js';
import { isPrime, modInverse } from './number-theory.js';

const P = 97;

/** The inverse by search: the x with b·x ≡ 1 (mod p). Independent of the extended Euclidean algorithm. */
function bruteInverse(b: number, p: number): number {
  for (let x = 1; x < p; x++) if ((b * x) % p === 1) return x;
  throw new Error(`no inverse of ${b}`);
}

function rows(op: keyof typeof MODULAR_OPERATIONS, excludeZeroRight = false) {
  const t = modularTable(MODULAR_OPERATIONS[op], P, excludeZeroRight);
  return Array.from(t.a, (a, i) => ({ a, b: t.b[i], c: t.answer[i] }));
}

describe('modular tables mod 97', () => {
  it('addition and subtraction cover all p² pairs with c = a ± b mod p', () => {
    const add = rows('add');
    const sub = rows('sub');
    expect(add.length).toBe(P * P);
    expect(sub.length).toBe(P * P);
    expect(new Set(add.map(({ a, b }) => a * P + b)).size).toBe(P * P);
    for (const { a, b, c } of add) expect(c).toBe((a + b) % P);
    // Subtraction checked the other way round: c + b ≡ a.
    for (const { a, b, c } of sub) expect((c + b) % P).toBe(a);
  });

  it('division is a · b⁻¹ over b ≠ 0 (p·(p − 1) pairs), not multiplication', () => {
    const div = rows('div');
    expect(div.length).toBe(P * (P - 1));
    expect(div.some(({ b }) => b === 0)).toBe(false);
    for (const { a, b, c } of div) {
      expect(c).toBe((a * bruteInverse(b, P)) % P);
      expect((c * b) % P).toBe(a);
    }
    // 3 / 2 mod 97 = 3 · 49 = 147 ≡ 50, whereas 3 · 2 = 6.
    expect(div.find(({ a, b }) => a === 3 && b === 2)!.c).toBe(50);
  });

  it('multiplication covers all pairs, or b ≠ 0 with excludeZeroRight', () => {
    const all = rows('mul');
    const nonzero = rows('mul', true);
    expect(all.length).toBe(P * P);
    expect(nonzero.length).toBe(P * (P - 1));
    expect(nonzero.some(({ b }) => b === 0)).toBe(false);
    for (const { a, b, c } of all) expect(c).toBe((a * b) % P);
  });

  it('finds inverses by the extended Euclidean algorithm that agree with search', () => {
    for (const p of [2, 3, 13, 97, 113]) {
      for (let b = 1; b < p; b++) expect(modInverse(b, p)).toBe(bruteInverse(b, p));
    }
    expect(() => modInverse(0, 97)).toThrow(/no inverse/);
  });

  it('recognises primes', () => {
    const primesBelow60 = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59];
    expect(Array.from({ length: 60 }, (_, n) => n).filter(isPrime)).toEqual(primesBelow60);
  });
});

describe('modular task configs', () => {
  it('reject a modulus that is not prime, naming the field', () => {
    for (const task of [modularAdd, modularSub, modularDiv, modularMul]) {
      const raw = mergeConfig(task.presets.quick.config, { data: { p: 91 } });
      expect(() => parseConfig(task.configSchema, raw, task.id)).toThrow(ConfigError);
      expect(() => parseConfig(task.configSchema, raw, task.id)).toThrow(/data\.p: p must be a prime, got 91/);
    }
  });

  it('offer excludeZeroRight on multiplication only', () => {
    const raw = mergeConfig(modularAdd.presets.quick.config, { data: { excludeZeroRight: true } });
    expect(() => parseConfig(modularAdd.configSchema, raw, 'modular-add')).toThrow(/data/);
  });

  it('dump every equation with its split, agreeing with the sizes of the split', () => {
    const config = parseConfig(modularDiv.configSchema, mergeConfig(modularDiv.presets.quick.config, { data: { p: 13 } }), 'modular-div');
    const dump = modularDiv.dataset(config, Rng.fromSeed(0));
    expect(dump.examples.length).toBe(13 * 12);
    expect(dump.examples.filter((e) => e.split === 'train').length).toBe(Math.floor(0.5 * 13 * 12));
    for (const e of dump.examples) expect(((e.answer as number) * (e.b as number)) % 13).toBe(e.a);
  });
});
