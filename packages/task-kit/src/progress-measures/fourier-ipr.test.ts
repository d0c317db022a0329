import { Graph } from '@grokbench/graph';
import { OrtEngine } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { fourierIpr, fourierIprOfTable } from './fourier-ipr.js';
import { primitiveRoot, residueOrder } from './residue-order.js';

const P = 59;
const HIDDEN = 64;

/** A [P, HIDDEN] table whose column h is f(residue, h). */
function tableOf(f: (residue: number, h: number) => number): Float32Array {
  return Float32Array.from({ length: P * HIDDEN }, (_, i) => f(Math.floor(i / HIDDEN), i % HIDDEN));
}

/** The in-graph measure, run on ONNX Runtime. */
async function graphIpr(table: Float32Array, order: Int32Array): Promise<number> {
  const g = new Graph();
  const param = g.param('embed', [P, HIDDEN], { kind: 'zeros' });
  const ipr = fourierIpr(g, 'ipr', param, order);
  const compiled = await new OrtEngine({ threads: 1 }).compile(g, { ipr });
  try {
    const out = await compiled.run({ embed: { dtype: 'float32', shape: [P, HIDDEN], data: table } });
    return (out.ipr.data as Float32Array)[0];
  } finally {
    await compiled.dispose();
  }
}

describe('Fourier IPR of residue embeddings', () => {
  const additive = residueOrder(P, 'additive');
  const multiplicative = residueOrder(P, 'multiplicative');
  const rng = Rng.fromSeed(7);
  // Box–Muller from the seeded uniform stream.
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const gaussian = tableOf(() => normal());

  it('is 1 for a table whose every unit is one frequency, a cos(2πk·a/p + φ_h)', async () => {
    const single = tableOf((a, h) => Math.cos((2 * Math.PI * 5 * a) / P + h));
    expect(fourierIprOfTable(single, P, HIDDEN, additive)).toBeCloseTo(1, 9);
    expect(await graphIpr(single, additive)).toBeCloseTo(1, 4);
  });

  it('is about 4/(p − 1) for a Gaussian table, and the graph agrees with a direct float64 DFT', async () => {
    const host = fourierIprOfTable(gaussian, P, HIDDEN, additive);
    // 29 frequencies with exponentially distributed power: E[ΣP²]/E[ΣP]² → 2/29 = 4/(p − 1).
    expect(host).toBeGreaterThan((4 / (P - 1)) * 0.8);
    expect(host).toBeLessThan((4 / (P - 1)) * 1.25);
    expect(Math.abs((await graphIpr(gaussian, additive)) - host) / host).toBeLessThan(1e-4);
  });

  it('scores a perfect multiplication table 1 after discrete-log reindexing, and not before', async () => {
    const g = primitiveRoot(P);
    const log = new Map(Array.from(multiplicative, (residue, j) => [residue, j]));
    expect(new Set(multiplicative).size).toBe(P - 1);
    expect(multiplicative[1]).toBe(g);
    // Unit h is a single frequency of log_g(a) over Z_(p−1); residue 0 has no logarithm.
    const table = tableOf((a, h) => (a === 0 ? 0 : Math.cos((2 * Math.PI * 3 * log.get(a)!) / (P - 1) + h)));
    expect(fourierIprOfTable(table, P, HIDDEN, multiplicative)).toBeCloseTo(1, 9);
    expect(await graphIpr(table, multiplicative)).toBeCloseTo(1, 4);
    expect(fourierIprOfTable(table, P, HIDDEN, additive)).toBeLessThan(0.3);
  });

  it('finds the smallest primitive root', () => {
    expect([3, 5, 7, 11, 13, 59, 97, 113].map(primitiveRoot)).toEqual([2, 2, 3, 2, 2, 2, 5, 3]);
    expect(() => primitiveRoot(15)).toThrow(/not a prime/);
  });
});
