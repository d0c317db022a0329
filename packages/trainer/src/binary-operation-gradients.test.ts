import { gradients, sampleInitializer, type HostTensor, type Tensor } from '@grokbench/graph';
import { Rng, binaryOperationExperiment, binaryOperationTable, buildSupervisedConfigSchema, parseConfig } from '@grokbench/task-kit';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from './engines/ort-engine.js';
import { interpretGraph } from './engines/tfjs-engine.js';
import { relativeError } from './testing/numerics.js';

// Subtraction mod 11: not commutative, so the model must tell the operands apart.
const pairs = Array.from({ length: 121 }, (_, i) => [Math.floor(i / 11), i % 11] as const);
const table = binaryOperationTable(11, pairs, (a, b) => (a - b + 11) % 11);
const schema = buildSupervisedConfigSchema({});


const models: Record<string, unknown>[] = [
  { kind: 'mlp', hidden: 16, depth: 2, activation: 'gelu', biases: true },
  { kind: 'transformer', layers: 2, width: 16, heads: 4, layerNorm: 'post', finalLayerNorm: false, biases: false, positions: 'sinusoidal' },
  { kind: 'transformer', layers: 2, width: 16, heads: 2, layerNorm: 'pre', finalLayerNorm: true, activation: 'gelu' },
  { kind: 'transformer', layers: 1, width: 16, heads: 4, layerNorm: 'none', finalLayerNorm: false, biases: false },
];

describe('the model kit’s gradients, ours on ORT against tfjs autodiff', () => {
  it.each(models)('agree on a minibatch of a − b mod 11 (%o)', async (model) => {
    const format = model.layers === 1 ? 'a b =' : 'a op b =';
    const config = parseConfig(schema, { optimizer: { kind: 'adamw', lr: 1e-3 }, steps: 1, batchSize: 24, data: { format }, model }, 'test');
    const experiment = binaryOperationExperiment(table, config, Rng.fromSeed(0));
    const params = experiment.graph.params.map((p) => p.tensor);
    const init = Rng.fromSeed(1);
    const feeds: Record<string, HostTensor> = { ...experiment.nextBatch(1, Rng.fromSeed(2)) };
    for (const p of experiment.graph.params) {
      feeds[p.tensor.name] = { dtype: 'float32', shape: p.tensor.shape, data: sampleInitializer(p.init, p.tensor.shape, () => init.uniform()) };
    }

    const grads = gradients(experiment.loss, params);
    const outputs: Record<string, Tensor> = { loss: experiment.loss };
    params.forEach((p, i) => (outputs[`grad:${p.name}`] = grads[i]));
    const compiled = await new OrtEngine().compile(experiment.graph, outputs);
    const ours = await compiled.run(feeds);
    await compiled.dispose();

    const reference = tf.tidy(() => {
      const leaves = new Map<Tensor, tf.Tensor>();
      for (const t of experiment.graph.inputs) leaves.set(t, tf.tensor(feeds[t.name].data, [...t.shape], t.dtype));
      const f = (...values: tf.Tensor[]) => {
        params.forEach((p, i) => leaves.set(p, values[i]));
        return interpretGraph([experiment.loss], leaves)[0];
      };
      const { value, grads: g } = tf.valueAndGrads(f)(params.map((p) => tf.tensor(feeds[p.name].data, [...p.shape])));
      return { loss: value.dataSync()[0], grads: g.map((x) => x.dataSync()) };
    });

    expect(ours.loss.data[0]).toBeCloseTo(reference.loss, 4);
    params.forEach((p, i) => {
      expect(relativeError(ours[`grad:${p.name}`].data, reference.grads[i]), p.name).toBeLessThan(1e-4);
      // A parameter with no gradient would pass the comparison vacuously.
      expect(Math.hypot(...reference.grads[i]), p.name).toBeGreaterThan(1e-7);
    });
  });
});
