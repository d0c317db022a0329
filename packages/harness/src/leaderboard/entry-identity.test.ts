import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../run-record.js';
import { mergeLeaderboards } from './add-runs.js';
import { compareLeaderboards } from './compare.js';
import { readLeaderboard } from './leaderboard-file.js';
import { leaderboardOf, seededRuns, syntheticRun } from './test-runs.js';

/** The same (task, preset, method, seed) with another learning rate: another configuration. */
function withLr(run: RunRecord, lr: number): RunRecord {
  return { ...run, runId: `${run.runId}.lr${lr}`, variant: `optimizer.lr=${lr}`, config: { ...run.config, optimizer: { ...run.config.optimizer, lr } } };
}

const LAVAPIPE = { vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', backend: 'vulkan', software: true };
const H100 = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', backend: 'vulkan', software: false };

/** The same runs on WebGPU, on `adapter`, and much faster (as a GPU run may be). */
function onWebGpu(run: RunRecord, adapter: typeof LAVAPIPE): RunRecord {
  const label = adapter.software ? 'webgpu (software: llvmpipe)' : `webgpu (${adapter.description})`;
  const engine = { ...run.engine, backend: 'webgpu', device: 'webgpu' as const, adapter };
  return { ...run, runId: `${run.runId}.${adapter.vendor}`, variant: `device=${label}`, engine, throughput: { ...run.throughput, stepsPerSecond: 40_000 } };
}

describe('one leaderboard entry per resolved configuration', () => {
  it('never compares a CPU entry with a WebGPU entry, nor two WebGPU adapters, as a regression', () => {
    const cpu = seededRuns([1000, 1100, 1200]);
    const lavapipe = cpu.map((run) => ({ ...onWebGpu(run, LAVAPIPE), throughput: { ...run.throughput, stepsPerSecond: 30 } }));
    const h100 = cpu.map((run) => onWebGpu(run, H100));
    for (const [base, head] of [[cpu, lavapipe], [lavapipe, cpu], [h100, lavapipe]]) {
      const result = compareLeaderboards(leaderboardOf(base), leaderboardOf(head));
      expect(result.rows).toEqual([]);
      expect(result.regressions).toEqual([]);
    }
    const result = compareLeaderboards(leaderboardOf(h100), leaderboardOf(lavapipe));
    expect(result.missing.onlyInHead[0]).toMatch(/^modular-add\/quick\/adamw \(device=webgpu \(software: llvmpipe\)\) \[[0-9a-f]{8}\]$/);
    expect(leaderboardOf([...cpu, ...lavapipe, ...h100]).entries).toHaveLength(3);
  });


  it('files runs with another config or thread count under entries of their own, and another step budget under the same one', () => {
    const preset = seededRuns([1000, 1100, 1200]);
    const otherLr = seededRuns([null, null, null]).map((run) => withLr(run, 0.003));
    const otherThreads = seededRuns([900]).map((run) => ({ ...run, runId: `${run.runId}.t1`, engine: { ...run.engine, threads: 1 } }));
    const longer = seededRuns([800], { steps: 9000 }).map((run) => ({ ...run, runId: `${run.runId}.long`, variant: 'steps=9000' }));
    const lb = leaderboardOf([...preset, ...otherLr, ...otherThreads, ...longer]);
    expect(lb.entries).toHaveLength(3);
    expect(new Set(lb.entries.map((e) => e.configId)).size).toBe(3);
    const presetEntry = lb.entries.find((e) => e.variant === '')!;
    expect(presetEntry.runs.map((run) => run.config.steps)).toEqual([5000, 9000, 5000, 5000]);
    expect(presetEntry.summary).toMatchObject({ grokked: '4/4', budgets: { min: 5000, max: 9000 } });
    expect(lb.entries.find((e) => e.variant === 'optimizer.lr=0.003')!.summary.grokked).toBe('0/3');
  });

  it('merges and compares on the full identity, never a median of mixed settings', () => {
    const base = leaderboardOf(seededRuns([1000, 1100, 1200]));
    const head = leaderboardOf(seededRuns([1000, 1100, 1200]).map((run) => withLr(run, 0.003)));
    const merged = mergeLeaderboards([base, head]).leaderboard;
    expect(merged.entries.map((e) => e.summary.runs)).toEqual([3, 3]);
    const result = compareLeaderboards(base, head);
    expect(result.rows).toEqual([]);
    expect(result.missing.onlyInHead[0]).toMatch(/^modular-add\/quick\/adamw \(optimizer\.lr=0\.003\) \[[0-9a-f]{8}\]$/);
  });

  it('regroups a file written before entries had a configId, recomputing the summaries', () => {
    const mixed = leaderboardOf(seededRuns([1000, 1100]));
    const entry = mixed.entries[0];
    const legacy = {
      ...mixed,
      entries: [
        {
          task: entry.task,
          paradigm: entry.paradigm,
          preset: entry.preset,
          method: entry.method,
          runs: [...entry.runs, withLr(syntheticRun({ seed: 2, tGrok: null }), 0.003)],
          summary: entry.summary,
        },
      ],
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-legacy-')), 'leaderboard.json');
    fs.writeFileSync(file, JSON.stringify(legacy));
    const read = readLeaderboard(file);
    expect(read.entries.map((e) => [e.runs.length, e.summary.grokked])).toEqual([
      [2, '2/2'],
      [1, '0/1'],
    ]);
  });

  it('labels a legacy run that used fewer threads than the machine had, as a new run with --threads is', () => {
    const [twoThreads] = seededRuns([1000]);
    const oneThread = { ...twoThreads, runId: `${twoThreads.runId}-t1`, engine: { ...twoThreads.engine, threads: 1 } };
    // A legacy file: one entry per (task, preset, method), whatever its runs' settings.
    const { configId: _id, variant: _variant, ...entry } = leaderboardOf([twoThreads]).entries[0];
    const legacy = { ...leaderboardOf([]), entries: [{ ...entry, runs: [twoThreads, oneThread] }] };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-legacy-threads-')), 'leaderboard.json');
    fs.writeFileSync(file, JSON.stringify(legacy));
    expect(readLeaderboard(file).entries.map((e) => e.variant).sort()).toEqual(['', 'threads=1']);
  });
});

describe('divergence', () => {
  it('is counted apart in the summary and is a regression in compare when more runs diverge', () => {
    const base = leaderboardOf(seededRuns([1000, 1100, 1200]));
    const headRuns = seededRuns([1000, 1100, null]);
    headRuns[2] = syntheticRun({ seed: 2, tGrok: null, diverged: 350 });
    const head = leaderboardOf(headRuns);
    expect(head.entries[0].summary).toMatchObject({ grokked: '2/3', diverged: 1 });
    const result = compareLeaderboards(base, head);
    expect(result.regressions.map((r) => r.metric)).toContain('diverged');
    expect(result.rows[0].diverged.head.reached).toBe('1/3');
  });
});
