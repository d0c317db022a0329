import { describe, expect, it } from 'vitest';
import { grokbench } from './cli-helpers.js';

interface Example {
  a: number | number[];
  b: number | number[];
  answer: number | number[];
  split: 'train' | 'heldout';
}

function dataset(args: string[]): { examples: Example[] } {
  const result = grokbench(['dataset', ...args, '--json']);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('grokbench dataset', () => {
  it('prints a · b⁻¹ mod p over b ≠ 0, checked against a brute-force inverse', () => {
    const p = 13;
    const { examples } = dataset(['--task', 'modular-div', '--set', `data.p=${p}`]);
    expect(examples).toHaveLength(p * (p - 1));
    for (const e of examples) {
      const [a, b] = [e.a as number, e.b as number];
      expect(b).not.toBe(0);
      const inverse = Array.from({ length: p }, (_, x) => x).find((x) => (b * x) % p === 1)!;
      expect(e.answer).toBe((a * inverse) % p);
      // The division table is not the multiplication table (a mistake public code makes).
      if (b !== 1 && b !== p - 1 && a !== 0) expect(e.answer).not.toBe((a * b) % p);
    }
  });

  it('splits by the seeded train fraction, the same for the same seed', () => {
    const first = dataset(['--task', 'modular-add', '--seed', '4', '--set', 'data.p=11', '--set', 'data.trainFraction=0.3']);
    const again = dataset(['--task', 'modular-add', '--seed', '4', '--set', 'data.p=11', '--set', 'data.trainFraction=0.3']);
    const other = dataset(['--task', 'modular-add', '--seed', '5', '--set', 'data.p=11', '--set', 'data.trainFraction=0.3']);
    expect(first.examples.filter((e) => e.split === 'train')).toHaveLength(Math.floor(0.3 * 121));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('prints S5 compositions with c[i] = b[a[i]] over all 14,400 pairs', () => {
    const { examples } = dataset(['--task', 's5']);
    expect(examples).toHaveLength(14_400);
    for (const e of examples.slice(0, 500)) {
      const [a, b, c] = [e.a as number[], e.b as number[], e.answer as number[]];
      expect(c).toEqual(a.map((ai) => b[ai]));
    }
  });
});

describe('grokbench dataset --task vae-modular', () => {
  it('dumps every triple (a, b, (a + b) mod p) with its split', () => {
    const { examples } = dataset(['--task', 'vae-modular', '--set', 'data.p=13']);
    expect(examples).toHaveLength(169);
    for (const e of examples) expect(e.c).toBe(((e.a as number) + (e.b as number)) % 13);
    expect(new Set(examples.map((e) => `${e.a},${e.b}`)).size).toBe(169);
    expect(examples.filter((e) => e.split === 'train')).toHaveLength(Math.floor(0.7 * 169));
  });
});

describe('grokbench tasks', () => {
  it('lists every installed task with its presets, and the methods', () => {
    const result = grokbench(['tasks', '--json']);
    expect(result.status).toBe(0);
    const { tasks, methods } = JSON.parse(result.stdout);
    expect(tasks.map((t: { id: string }) => t.id)).toEqual(['gridworld', 'modular-add', 'modular-div', 'modular-mul', 'modular-sub', 's5', 'vae-digits', 'vae-modular']);
    expect(tasks.find((t: { id: string }) => t.id === 'gridworld').paradigm).toBe('reinforcement');
    for (const id of ['vae-digits', 'vae-modular']) expect(tasks.find((t: { id: string }) => t.id === id).paradigm).toBe('unsupervised');
    for (const t of tasks) expect(Object.keys(t.presets)).toContain('quick');
    expect(tasks.find((t: { id: string }) => t.id === 'modular-mul').presets).toHaveProperty('grokfast2024');
    expect(methods.map((m: { id: string }) => m.id)).toEqual(['adamw', 'grokfast-ema', 'grokfast-ma']);
  });
});
