import fs from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Reads a safetensors file by the format's own rules, without grokbench's encoder. */
function readSafetensors(file: string): { header: Record<string, HeaderEntry>; metadata: Record<string, string>; data: Buffer } {
  const bytes = fs.readFileSync(file);
  const length = Number(bytes.readBigUInt64LE(0));
  expect(length % 8).toBe(0);
  const { __metadata__: metadata, ...header } = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown>;
  return { header: header as Record<string, HeaderEntry>, metadata: metadata as Record<string, string>, data: bytes.subarray(8 + length) };
}

describe('grokbench export', () => {
  const dir = tempDir('grokbench-export-');
  const run = grokbench(['run', '--task', 'modular-add', '--set', 'data.p=13', '--steps', '30', '--threads', '1', '--out', dir, '--json']);
  const record = JSON.parse(run.stdout) as { runId: string; stepsRun: number };
  const runDir = path.join(dir, record.runId);

  it("writes the run's parameters, byte for byte as its checkpoint holds them, with their names and shapes", () => {
    const out = path.join(dir, 'model.safetensors');
    const result = grokbench(['export', runDir, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/3 tensors at step 30/);
    const { header, metadata, data } = readSafetensors(out);
    const checkpoint = readCheckpoint(path.join(runDir, 'checkpoint.bin'))!;
    // Parameters only: the optimizer's moments are not the model.
    expect(Object.keys(header).sort()).toEqual(['mlp/embed_a', 'mlp/embed_b', 'mlp/out/weight']);
    let end = 0;
    for (const [name, entry] of Object.entries(header)) {
      const tensor = checkpoint.session.state.get(name)!;
      expect(entry.dtype).toBe('F32');
      expect(entry.shape).toEqual([...tensor.shape]);
      const stored = data.subarray(entry.data_offsets[0], entry.data_offsets[1]);
      expect(new Float32Array(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength))).toEqual(tensor.data);
      end = Math.max(end, entry.data_offsets[1]);
    }
    expect(end).toBe(data.length);
    expect(metadata).toMatchObject({ runId: record.runId, task: 'modular-add', seed: '0', step: '30' });
    expect(JSON.parse(metadata.config).data.p).toBe(13);
  });

  it('adds the optimizer state on request, and refuses a folder without a run in one line', () => {
    const out = path.join(dir, 'with-state.safetensors');
    expect(grokbench(['export', runDir, '--out', out, '--optimizer-state']).status).toBe(0);
    expect(Object.keys(readSafetensors(out).header)).toEqual(expect.arrayContaining(['mlp/embed_a', 'adam.m/mlp/embed_a', 'adam.v/mlp/out/weight']));
    const empty = tempDir('grokbench-export-empty-');
    const refused = grokbench(['export', empty]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/run\.json: cannot read the run record \(ENOENT\)/);
  });
});
