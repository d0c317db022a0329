import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbenchConcurrently, readJsonLines, tempDir } from './cli-helpers.js';

/**
 * Every paradigm with residue tables records the same progress measure at every evaluation: the
 * classifier's operand embeddings, the policy's (a, b) encoder, the VAE encoder's a and b rows.
 * At initialization the tables are random, so the IPR starts near its random level 4/(n − 1).
 */
const CASES: [string, string[], number][] = [
  ['modular-add', ['--set', 'data.p=23'], 23],
  ['gridworld', [], 23],
  ['vae-modular', [], 31],
];

describe('progress measures across paradigms', () => {
  it.concurrent.each(CASES)('%s records embeddingFourierIpr at every evaluation, starting near 4/(n − 1)', async (task, flags, n) => {
    const out = tempDir(`grokbench-progress-${task}-`);
    const result = await grokbenchConcurrently(['run', '--task', task, ...flags, '--steps', '20', '--threads', '1', '--out', out, '--json']);
    // Progress lines go to stderr; a stack trace would too.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(0);
    const record = JSON.parse(result.stdout) as { runId: string; metrics: { companions: Record<string, unknown> } };
    expect(record.metrics.companions).toHaveProperty('embeddingFourierIpr');
    const curve = readJsonLines<{ extra: { embeddingFourierIpr: number } }>(path.join(out, record.runId, 'curve.jsonl'));
    const values = curve.map((point) => point.extra.embeddingFourierIpr);
    expect(values.every((v) => v > 0 && v <= 1)).toBe(true);
    expect(values[0]).toBeGreaterThan((4 / (n - 1)) * 0.6);
    expect(values[0]).toBeLessThan((4 / (n - 1)) * 1.6);
  });
});
