import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbenchConcurrently, readJsonLines, tempDir } from './cli-helpers.js';

/**
 * Every paradigm with residue tables records the same progress measures at every evaluation: the
 * IPR of the classifier's operand embeddings, the policy's (a, b) encoder, the VAE encoder's a and
 * b rows, and the circuit share of the classifier's logits, the policy's log π and the VAE
 * decoder's c-logits. At initialization the tables are random, so the IPR starts near its random
 * level 4/(n − 1) and the share near 0.
 */
const CASES: [string, string[], number, string[]][] = [
  ['modular-add', ['--set', 'data.p=23'], 23, ['circuitShare', 'restrictedLoss', 'excludedLoss']],
  // The transformer's token table: residues are its first p rows, the symbols after them.
  ['modular-mul', ['--preset', 'power2022', '--set', 'data.p=23'], 22, ['circuitShare', 'restrictedLoss', 'excludedLoss']],
  ['gridworld', [], 23, ['circuitShare']],
  ['vae-modular', [], 31, ['circuitShare', 'restrictedLoss', 'excludedLoss']],
];

interface Point {
  weightNorm: number;
  parameterNorms: Record<string, number>;
  extra: Record<string, number>;
}

describe('progress measures across paradigms', () => {
  it.concurrent.each(CASES)('%s records the IPR from near 4/(n − 1), the logit-table measures, per-parameter norms and the circuit timing', async (task, flags, n, logitMeasures) => {
    const out = tempDir(`grokbench-progress-${task}-`);
    const result = await grokbenchConcurrently(['run', '--task', task, ...flags, '--steps', '20', '--threads', '1', '--out', out, '--json']);
    // Progress lines go to stderr; a stack trace would too.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(0);
    const record = JSON.parse(result.stdout) as { runId: string; metrics: { companions: Record<string, unknown>; circuit: { series: string; first: number } } };
    expect(Object.keys(record.metrics.companions)).toEqual(expect.arrayContaining(['embeddingFourierIpr', ...logitMeasures]));
    const curve = readJsonLines<Point>(path.join(out, record.runId, 'curve.jsonl'));
    const values = curve.map((point) => point.extra.embeddingFourierIpr);
    expect(values.every((v) => v > 0 && v <= 1)).toBe(true);
    expect(values[0]).toBeGreaterThan((4 / (n - 1)) * 0.6);
    expect(values[0]).toBeLessThan((4 / (n - 1)) * 1.6);
    // A random table has almost none of its energy along the 2K key directions, out of ~n³ entries.
    expect(curve[0].extra.circuitShare).toBeGreaterThanOrEqual(0);
    expect(curve[0].extra.circuitShare).toBeLessThan(0.05);
    if (logitMeasures.includes('excludedLoss')) {
      // At init nearly all the table is outside the key directions: excluding them changes little.
      expect(curve[0].extra.excludedLoss).toBeGreaterThan(0.9 * Math.log(n));
    }
    // The circuit share is the series every paradigm is timed on; 20 steps are too few for it to rise.
    expect(record.metrics.circuit).toMatchObject({ series: 'circuitShare', first: curve[0].extra.circuitShare, formedAt: null });
    for (const point of curve) {
      const fromParts = Math.sqrt(Object.values(point.parameterNorms).reduce((acc, norm) => acc + norm * norm, 0));
      expect(fromParts).toBeCloseTo(point.weightNorm, 6);
    }
  });
});
