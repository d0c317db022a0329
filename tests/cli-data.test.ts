import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grokbench, grokbenchAsync, tempDir } from './cli-helpers.js';

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

describe('grokbench dataset | head', () => {
  it('ends quietly, exit 0, when the reader closes the pipe early', async () => {
    const child = grokbenchAsync(['dataset', '--task', 'modular-div', '--set', 'data.p=97', '--json']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 100`: take the first chunk, then close the pipe while the rest is being written.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
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

describe('the VAE tasks refuse impossible configs', () => {
  it.each([
    ['vae-modular', 'model.latent=0', /model\.latent: the latent size must be at least 1, got 0/],
    ['vae-modular', 'objective.beta=-1', /objective\.beta: beta must be ≥ 0, got -1/],
    ['vae-digits', 'data.tolerance=0', /data\.tolerance: tolerance must be > 0/],
    ['vae-digits', 'data.tolerance=1', /data\.tolerance: tolerance must be < 1/],
    ['vae-digits', 'model.latent=196', /model\.latent: must be below the 196 pixels of an image/],
  ])('%s --set %s: one line, exit code 2, no run folder', (task, assignment, message) => {
    const out = tempDir('grokbench-vae-refusal-');
    const result = grokbench(['run', '--task', task, '--set', assignment, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('grokbench dataset --task gridworld', () => {
  it('lists every configuration with a, b, its goal cell, its split and the optimal first action from a fixed start', () => {
    const result = grokbench(['dataset', '--task', 'gridworld', '--set', 'data.world=torus', '--set', 'data.n=5', '--json']);
    expect(result.status).toBe(0);
    const { examples } = JSON.parse(result.stdout) as { examples: { a: number; b: number; goal: number[]; split: string; start: number[]; optimalFirstActions: string[] }[] };
    expect(examples).toHaveLength(25);
    const n = 5;
    const mod = (v: number) => ((v % n) + n) % n;
    const axis = (u: number, v: number) => Math.min(mod(u - v), mod(v - u));
    for (const e of examples) {
      expect(e.goal).toEqual([mod(e.a + e.b), mod(e.a - e.b)]);
      // From the start, an optimal action shortens the torus distance (claim only at the goal).
      const [x, y] = e.start;
      const distance = axis(x, e.goal[0]) + axis(y, e.goal[1]);
      const moves: Record<string, number[]> = { up: [x, mod(y - 1)], down: [x, mod(y + 1)], left: [mod(x - 1), y], right: [mod(x + 1), y] };
      for (const action of e.optimalFirstActions) {
        if (distance === 0) expect(action).toBe('claim');
        else expect(axis(moves[action][0], e.goal[0]) + axis(moves[action][1], e.goal[1])).toBe(distance - 1);
      }
    }
    // Every cell is the goal of exactly one configuration.
    expect(new Set(examples.map((e) => e.goal.join(','))).size).toBe(25);
    expect(new Set(examples.map((e) => e.split))).toEqual(new Set(['train', 'heldout']));
  });

  it.each([
    [['--set', 'data.n=10'], /n must be odd/],
    [['--set', 'data.horizon=0'], /horizon must be at least 1 step/],
    [['--set', 'data.trainFraction=1.5'], /trainFraction must be in \(0, 1\)/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const result = grokbench(['run', '--task', 'gridworld', '--out', tempDir('grokbench-gridworld-'), ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
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
