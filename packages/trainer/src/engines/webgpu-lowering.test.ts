import { argmax, exportOnnx, Graph, logSoftmax, slice, type OnnxTarget, type Tensor } from '@grokbench/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

/**
 * The WebGPU forms the exporter writes (x − max − log Σ exp for LogSoftmax, a float32 first-max
 * search for ArgMax, Gathers for int32 Slices) must compute what the ops they replace compute. Both
 * exports run on ORT's CPU provider here, so this holds on any machine, adapter or not.
 */
async function runOnCpu(graph: Graph, outputs: Record<string, Tensor>, target: OnnxTarget, feeds: Record<string, ort.Tensor>) {
  const { model } = exportOnnx(graph, { outputs, target });
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const result = await session.run(feeds);
  await session.release();
  return Object.fromEntries(Object.entries(result).map(([name, t]) => [name, Array.from(t.data as Float32Array | Int32Array)]));
}

async function bothTargets(graph: Graph, outputs: Record<string, Tensor>, feeds: Record<string, ort.Tensor>) {
  const [cpu, webgpu] = [await runOnCpu(graph, outputs, 'cpu', feeds), await runOnCpu(graph, outputs, 'webgpu', feeds)];
  return { cpu, webgpu };
}

function opTypes(graph: Graph, outputs: Record<string, Tensor>, target: OnnxTarget): string[] {
  // The node names end in their op type (see OnnxWriter.emit); enough to see which ops a target writes.
  const text = Buffer.from(exportOnnx(graph, { outputs, target }).model).toString('latin1');
  return ['LogSoftmax', 'ArgMax', 'Slice'].filter((op) => text.includes(`_${op}`));
}

describe('ONNX export for WebGPU', () => {
  it('writes log softmax as x − max − log Σ exp, equal to LogSoftmax, large logits included', async () => {
    const g = new Graph();
    const x = g.input('x', [3, 5]);
    const outputs = { y: logSoftmax(x, -1), z: logSoftmax(x, 0) };
    const values = Float32Array.from([0, 1, 2, 3, 4, -1, -1, -1, -1, -1, 80, 90, 100, -100, 0]);
    const { cpu, webgpu } = await bothTargets(g, outputs, { x: new ort.Tensor('float32', values, [3, 5]) });
    for (const name of ['y', 'z']) {
      webgpu[name].forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(cpu[name][i], 5));
    }
    expect(opTypes(g, outputs, 'webgpu')).toEqual([]);
  });

  it('writes ArgMax without int64 values, breaking ties towards the first index as ArgMax does', async () => {
    const g = new Graph();
    const x = g.input('x', [4, 3]);
    const outputs = { last: argmax(x, -1), first: argmax(x, 0), kept: argmax(x, 1, true) };
    // Row 1 is all equal (a zero-initialized head), row 2 ties between its last two entries.
    const values = Float32Array.from([0.1, 0.9, 0.3, 0, 0, 0, -5, 2, 2, 7, -1, 7]);
    const { cpu, webgpu } = await bothTargets(g, outputs, { x: new ort.Tensor('float32', values, [4, 3]) });
    expect(webgpu).toEqual(cpu);
    expect(cpu.last).toEqual([1, 0, 1, 0]);
    expect(opTypes(g, outputs, 'webgpu')).toEqual([]);
  });

  it('writes int32 Slices as Gathers, over one axis or several', async () => {
    const g = new Graph();
    const x = g.input('x', [4, 3], 'int32');
    const outputs = {
      column: slice(x, 1, 1, 2),
      rows: slice(x, 0, 1, 3),
      block: g.apply('Slice', [x], { axes: [0, 1], starts: [1, 0], ends: [4, 2] }),
    };
    const values = Int32Array.from({ length: 12 }, (_, i) => 10 * i - 7);
    const { cpu, webgpu } = await bothTargets(g, outputs, { x: new ort.Tensor('int32', values, [4, 3]) });
    expect(webgpu).toEqual(cpu);
    expect(cpu.block).toEqual([23, 33, 53, 63, 83, 93]);
    expect(opTypes(g, outputs, 'webgpu')).toEqual([]);
  });
});
