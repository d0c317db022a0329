import { evaluateReference, type Tensor } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Rng } from '../rng.js';
import { parseConfig } from '../training-config.js';
import { binaryOperationDataset, binaryOperationExperiment, binaryOperationTable } from './binary-operation.js';
import { buildSupervisedConfigSchema } from './supervised-config.js';

// Addition mod 11 over all 121 pairs, written out independently of the kit.
const pairs = Array.from({ length: 121 }, (_, i) => [Math.floor(i / 11), i % 11] as const);
const table = binaryOperationTable(11, pairs, (a, b) => (a + b) % 11);
const schema = buildSupervisedConfigSchema({});
const config = (overrides: Record<string, unknown>) =>
  parseConfig(schema, { optimizer: { kind: 'adamw', lr: 1e-3 }, steps: 10, model: { kind: 'mlp', hidden: 8 }, ...overrides }, 'test');

const constData = (t: Tensor) => Array.from(t.graph.constData.get(t)!);

describe('binaryOperationExperiment', () => {
  it('trains full-batch on the baked-in training set when batchSize is null or covers it', () => {
    for (const batchSize of [null, 60, 500]) {
      const e = binaryOperationExperiment(table, config({ batchSize }), Rng.fromSeed(0));
      expect(e.examplesPerStep).toBe(60);
      expect(e.nextBatch(1, Rng.fromSeed(1))).toEqual({});
      expect(e.graph.inputs).toEqual([]);
      expect(e.chance).toBeCloseTo(1 / 11);
    }
  });

  it('feeds minibatches of training examples as batch/tokens and batch/labels', () => {
    const e = binaryOperationExperiment(table, config({ batchSize: 16, data: { trainFraction: 0.5 } }), Rng.fromSeed(0));
    expect(e.graph.inputs.map((t) => t.name).sort()).toEqual(['batch/labels', 'batch/tokens']);
    const trainPairs = new Set(
      binaryOperationDataset(table, config({ data: { trainFraction: 0.5 } }), Rng.fromSeed(0), '')
        .examples.filter((x) => x.split === 'train')
        .map((x) => `${x.a},${x.b}`),
    );
    const rng = Rng.fromSeed(1);
    for (let step = 1; step <= 5; step++) {
      const feeds = e.nextBatch(step, rng);
      expect(feeds['batch/tokens'].shape).toEqual([16, 2]);
      const tokens = feeds['batch/tokens'].data;
      feeds['batch/labels'].data.forEach((label, i) => {
        const [a, b] = [tokens[2 * i], tokens[2 * i + 1]];
        expect(label).toBe((a + b) % 11);
        expect(trainPairs.has(`${a},${b}`)).toBe(true);
      });
    }
  });

  it('bakes the same split the dataset dump reports, with transformer sequences a op b =', () => {
    const c = config({ model: { kind: 'transformer', width: 8, heads: 2, layers: 1 } });
    const e = binaryOperationExperiment(table, c, Rng.fromSeed(3));
    const dump = binaryOperationDataset(table, c, Rng.fromSeed(3), 'mod 11');
    const consts = new Map([...e.graph.constData.keys()].map((t) => [t.name, t]));
    const heldoutTokens = constData(consts.get('heldout/tokens')!);
    const heldout = dump.examples.filter((x) => x.split === 'heldout');
    expect(heldoutTokens.length).toBe(4 * heldout.length);
    const baked = new Set(Array.from({ length: heldout.length }, (_, i) => heldoutTokens.slice(4 * i, 4 * i + 4).join(',')));
    for (const x of heldout) expect(baked.has(`${x.a},11,${x.b},12`)).toBe(true);
    expect(dump.examples.length).toBe(121);
  });

  it('scores accuracies in [0, 1] from parameters alone', () => {
    const e = binaryOperationExperiment(table, config({}), Rng.fromSeed(0));
    const params = Object.fromEntries(e.graph.params.map((p) => [p.tensor.name, new Float32Array(p.tensor.shape.reduce((a, b) => a * b, 1)).fill(0.1)]));
    const [train, heldout, loss] = evaluateReference([e.evaluation.train, e.evaluation.heldout, e.evaluation.heldoutLoss], params);
    for (const score of [train[0], heldout[0]]) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of [train[0], heldout[0]]) expect(score).toBeLessThanOrEqual(1);
    // Constant parameters give uniform logits: the loss is ln 11.
    expect(loss[0]).toBeCloseTo(Math.log(11), 5);
  });
});
