import fs from 'node:fs';
import path from 'node:path';
import type { RunRecord } from '@grokbench/harness';
import type { CurvePoint } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { webgpuAdapterOrSkip } from '../packages/trainer/src/test-webgpu.js';
import { grokbench, readJsonLines, tempDir, withFlags } from './cli-helpers.js';

/** A run small enough for lavapipe (≈ 30× slower than ORT's CPU kernels), evaluated every 5 steps. */
const SMALL = ['run', '--task', 'modular-add', '--set', 'data.p=23', '--set', 'model.hidden=32', '--eval-every', '5', '--patience', '0', '--steps', '30', '--json'];

function run(args: string[]): RunRecord {
  const result = grokbench(args);
  expect(result.stderr.split('\n').filter((l) => /error/i.test(l))).toEqual([]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as RunRecord;
}

function curveOf(out: string, record: RunRecord): CurvePoint[] {
  return readJsonLines<CurvePoint>(path.join(out, record.runId, 'curve.jsonl'));
}

describe('grokbench run --device webgpu', () => {
  it('gives the CPU run’s scores at every evaluation, records the adapter, and resumes exactly', async (context) => {
    const adapter = await webgpuAdapterOrSkip(context);
    const out = tempDir('grokbench-webgpu-');
    const cpu = run(withFlags(SMALL, ['--out', out]));
    const gpu = run(withFlags(SMALL, ['--out', out, '--device', 'webgpu']));
    expect(gpu.engine).toMatchObject({ name: 'ort', backend: 'webgpu', device: 'webgpu', adapter });
    expect(gpu.runId).not.toBe(cpu.runId);
    if (adapter.software) expect(gpu.variant).toContain('device=webgpu (software: ');

    const [reference, ours] = [curveOf(out, cpu), curveOf(out, gpu)];
    expect(ours.map((p) => p.step)).toEqual(reference.map((p) => p.step));
    ours.forEach((p, i) => {
      const r = reference[i];
      // The same examples right at every evaluation (exact scores here; a near-tie could flip one in a longer run).
      expect([p.train, p.heldout], `step ${p.step}`).toEqual([r.train, r.heldout]);
      for (const key of ['trainLoss', 'heldoutLoss', 'weightNorm'] as const) expect(Math.abs(p[key] - r[key]) / Math.abs(r[key]), `${key} at ${p.step}`).toBeLessThan(1e-5);
      // The progress measures, computed in the evaluation graph on the device, agree with the CPU's.
      for (const key of ['embeddingFourierIpr', 'circuitShare', 'restrictedLoss', 'excludedLoss']) {
        expect(Math.abs(p.extra![key]! - r.extra![key]!), `${key} at ${p.step}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.extra![key]!)));
      }
    });

    // Interrupted at step 15 and resumed: the same curve as the uninterrupted run on the same device.
    const resumedOut = tempDir('grokbench-webgpu-resume-');
    run(withFlags(SMALL, ['--out', resumedOut, '--device', 'webgpu', '--steps', '15']));
    const resumed = run(withFlags(SMALL, ['--out', resumedOut, '--device', 'webgpu', '--resume']));
    expect(resumed.resumedFrom).toBe(15);
    expect(resumed.runId).toBe(gpu.runId);
    expect(curveOf(resumedOut, resumed)).toEqual(ours.map((p, i) => ({ ...p, trainSeconds: curveOf(resumedOut, resumed)[i].trainSeconds })));
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(resumedOut, { recursive: true, force: true });
  });

  it('resumes a Grokfast-MA run exactly, its gradient window kept on the device and checkpointed', async (context) => {
    await webgpuAdapterOrSkip(context);
    const ma = withFlags(SMALL, ['--device', 'webgpu', '--method', 'grokfast-ma', '--set', 'filter.window=4']);
    const [whole, parts] = [tempDir('grokbench-webgpu-ma-'), tempDir('grokbench-webgpu-ma-resume-')];
    const uninterrupted = run(withFlags(ma, ['--out', whole]));
    run(withFlags(ma, ['--out', parts, '--steps', '15']));
    const resumed = run(withFlags(ma, ['--out', parts, '--resume']));
    expect(resumed.resumedFrom).toBe(15);
    const timeless = (points: CurvePoint[]) => points.map(({ trainSeconds: _, ...p }) => p);
    expect(timeless(curveOf(parts, resumed))).toEqual(timeless(curveOf(whole, uninterrupted)));
    for (const dir of [whole, parts]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the device in bench output, a software adapter as such', async (context) => {
    const adapter = await webgpuAdapterOrSkip(context);
    const result = grokbench(['bench', '--tasks', 'modular-add', '--device', 'webgpu', '--seconds', '0.1']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(adapter.software ? 'device webgpu (software: ' : `device webgpu (${adapter.description})`);
  });

  it('runs the tfjs engine on WebGPU too (tfjs-backend-webgpu on Dawn), with the CPU run’s scores', async (context) => {
    const adapter = await webgpuAdapterOrSkip(context);
    const out = tempDir('grokbench-tfjs-webgpu-');
    const cpu = run(withFlags(SMALL, ['--out', out, '--steps', '10']));
    const tfjs = run(withFlags(SMALL, ['--out', out, '--steps', '10', '--engine', 'tfjs', '--device', 'webgpu']));
    expect(tfjs.engine).toMatchObject({ name: 'tfjs', backend: 'webgpu', device: 'webgpu', adapter });
    const [reference, ours] = [curveOf(out, cpu), curveOf(out, tfjs)];
    expect(ours.map((p) => [p.step, p.train, p.heldout])).toEqual(reference.map((p) => [p.step, p.train, p.heldout]));
    ours.forEach((p, i) => expect(Math.abs(p.trainLoss - reference[i].trainLoss) / reference[i].trainLoss).toBeLessThan(1e-5));
    ours.forEach((p, i) => expect(Math.abs(p.extra!.circuitShare! - reference[i].extra!.circuitShare!)).toBeLessThan(1e-4));
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('says in one line, exit code 2, that there is no adapter where Vulkan finds no driver', () => {
    for (const engine of ['ort', 'tfjs']) {
      const result = grokbench(['run', '--task', 'modular-add', '--engine', engine, '--device', 'webgpu', '--steps', '1'], process.cwd(), {
        VK_ICD_FILENAMES: '/nonexistent/icd.json',
      });
      expect(result.status, engine).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^grokbench: no WebGPU adapter: .*lavapipe/);
    }
  });
});
