import { evaluateReference } from '@grokbench/graph';
import { ConfigError, METHODS, Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { train } from '@grokbench/trainer';
import { initialParams, lossGradients, relativeError, taskRuns } from '@grokbench/trainer/testing';
import { describe, expect, it } from 'vitest';
import { maskOneSlot, tasks, tripleTable, vaeModular, vaeModularConfigSchema, type VaeModularConfig } from './index.js';

function configOf(overrides: Record<string, unknown> = {}): VaeModularConfig {
  return parseConfig(vaeModularConfigSchema, mergeConfig(vaeModular.presets.quick.config, overrides), 'test');
}

const TINY = { data: { p: 7, trainFraction: 0.7 }, model: { hidden: 16, latent: 4 }, steps: 60, evalEvery: 10, checkpointEvery: 20, checkpointSeconds: 0 };

describe('vae-modular data', () => {
  it('holds every triple (a, b, (a + b) mod p) once, split into disjoint train and held-out sets', () => {
    const config = configOf({ data: { p: 11 } });
    const dump = vaeModular.dataset(config, Rng.fromSeed(4));
    expect(dump.examples).toHaveLength(121);
    for (const e of dump.examples as { a: number; b: number; c: number; split: string }[]) expect(e.c).toBe((e.a + e.b) % 11);
    const pairs = new Set(dump.examples.map((e) => `${e.a},${e.b}`));
    expect(pairs.size).toBe(121);
    const train = dump.examples.filter((e) => e.split === 'train').length;
    expect(train).toBe(Math.floor(0.7 * 121));
    expect(dump.examples.filter((e) => e.split === 'heldout').length).toBe(121 - train);
    // The split is seeded: another seed holds out other triples.
    const other = vaeModular.dataset(config, Rng.fromSeed(5));
    expect(other.examples.map((e) => e.split)).not.toEqual(dump.examples.map((e) => e.split));
  });

  it('hides exactly one slot of each training view, with the mask value p', () => {
    const table = tripleTable(5, 'add');
    const rng = Rng.fromSeed(1);
    const masked = maskOneSlot(table.values, 5, () => rng.uniform());
    const hidden = [0, 0, 0];
    for (let row = 0; row < 25; row++) {
      const slots = [0, 1, 2].filter((s) => masked[row * 3 + s] === 5);
      expect(slots).toHaveLength(1);
      hidden[slots[0]]++;
      for (const s of [0, 1, 2]) if (s !== slots[0]) expect(masked[row * 3 + s]).toBe(table.values[row * 3 + s]);
    }
    expect(Math.min(...hidden)).toBeGreaterThan(0);
  });

  it('training feeds carry only training triples', () => {
    const config = configOf(TINY);
    const experiment = vaeModular.setup(config, Rng.fromSeed(0).split('data'));
    const dump = vaeModular.dataset(config, Rng.fromSeed(0).split('data'));
    const heldout = new Set(dump.examples.filter((e) => e.split === 'heldout').map((e) => `${e.a},${e.b},${e.c}`));
    for (let step = 1; step <= 5; step++) {
      const triples = experiment.nextBatch(step, Rng.fromSeed(9))['batch/triples'].data;
      for (let row = 0; row < triples.length / 3; row++) expect(heldout.has(`${triples[row * 3]},${triples[row * 3 + 1]},${triples[row * 3 + 2]}`)).toBe(false);
    }
  });
});

describe('vae-modular config', () => {
  it.each([
    [{ model: { latent: 0 } }, /model\.latent: the latent size must be at least 1, got 0/],
    [{ objective: { beta: -0.5 } }, /objective\.beta: beta must be ≥ 0, got -0.5/],
    [{ data: { p: 30 } }, /data\.p: p must be a prime, got 30/],
    [{ data: { trainFraction: 1 } }, /data\.trainFraction/],
    [{ model: { initScale: 0 } }, /model\.initScale/],
  ])('rejects %o with one line naming the field', (overrides, message) => {
    expect(() => configOf(overrides)).toThrow(ConfigError);
    expect(() => configOf(overrides)).toThrow(message);
  });

  it.each(Object.keys(vaeModular.presets))('preset %s parses under every method and cites its source', (name) => {
    const preset = vaeModular.presets[name];
    expect(preset.source).toBeTruthy();
    for (const method of [undefined, ...Object.values(METHODS)]) {
      expect(() => parseConfig(vaeModularConfigSchema, mergeConfig(preset.config, method?.config), name)).not.toThrow();
    }
    expect(tasks.map((t) => t.id)).toEqual(['vae-modular', 'vae-digits']);
  });
});

describe('vae-modular scores', () => {
  it('a model that copies its input scores at chance on completion, not 1', () => {
    // Hand-built: each slot value is its own latent dimension (one-hot through the identity) and the
    // decoder reads every slot back from it. It reconstructs whatever it sees perfectly, but c is
    // masked in the scored view, so its c logits are all equal and the ranking is a tie: the
    // smallest candidate (0) wins, right exactly for the triples with c = 0.
    const p = 5;
    const width = 3 * (p + 1);
    const config = configOf({ data: { p, trainFraction: 0.6 }, model: { hidden: width, latent: width, depth: 1 } });
    const experiment = vaeModular.setup(config, Rng.fromSeed(0));
    const identity = (rows: number, cols: number) => Float32Array.from({ length: rows * cols }, (_, i) => (Math.floor(i / cols) === i % cols ? 1 : 0));
    const feeds: Record<string, Float32Array> = {};
    for (const { tensor } of experiment.graph.params) {
      const [rows, cols] = tensor.shape;
      feeds[tensor.name] = tensor.rank === 1 ? new Float32Array(rows) : identity(rows, cols);
    }
    // Decoder output: slot s, value v ← hidden unit s·(p + 1) + v, scaled so the copy is confident.
    const out = new Float32Array(width * 3 * p);
    for (let s = 0; s < 3; s++) for (let v = 0; v < p; v++) out[(s * (p + 1) + v) * 3 * p + s * p + v] = 20;
    feeds['vae/decoder/layer_2/weight'] = out;
    const [train, heldout] = evaluateReference([experiment.evaluation.train, experiment.evaluation.heldout], feeds);
    const dump = vaeModular.dataset(config, Rng.fromSeed(0));
    const fractionWithZero = (split: string) => {
      const rows = dump.examples.filter((e) => e.split === split);
      return rows.filter((e) => e.c === 0).length / rows.length;
    };
    expect(heldout[0]).toBeCloseTo(fractionWithZero('heldout'), 6);
    expect(train[0]).toBeCloseTo(fractionWithZero('train'), 6);
    expect(heldout[0]).toBeLessThan(0.5);
    expect(experiment.chance).toBe(1 / p);

    // Yet it reconstructs whatever it sees: fed the training triples whole (z at the posterior mean,
    // ε = 0), its −ELBO is exactly log p below that of the same triples with c hidden — the cost of
    // the one uniform slot. The KL terms are equal (one active unit per slot either way), and the
    // seen slots cost ≈ 3·4·e^−20 nats.
    const batch = experiment.nextBatch(1, Rng.fromSeed(0));
    const triples = batch['batch/triples'].data as Int32Array;
    const negativeElbo = (visible: Int32Array) =>
      evaluateReference([experiment.loss], {
        ...feeds,
        'batch/triples': triples,
        'batch/visible': visible,
        'vae/noise': new Float32Array(batch['vae/noise'].data.length),
      })[0][0];
    const cHidden = triples.map((value, i) => (i % 3 === 2 ? p : value));
    expect(negativeElbo(cHidden) - negativeElbo(triples)).toBeCloseTo(Math.log(p), 5);
  });

  it('the loss gradient (fixed ε) equals float64 central finite differences', async () => {
    const config = configOf({ ...TINY, data: { p: 5, trainFraction: 0.6 }, model: { hidden: 6, latent: 2, activation: 'gelu' } });
    const experiment = vaeModular.setup(config, Rng.fromSeed(0));
    const params = experiment.graph.params.map((p) => p.tensor);
    const { feeds, grads: ours } = await lossGradients(experiment, initialParams(experiment.graph, 3), experiment.nextBatch(1, Rng.fromSeed(2)));

    const referenceFeeds: Record<string, Float64Array> = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, Float64Array.from(t.data)]));
    const loss = (): number => evaluateReference([experiment.loss], referenceFeeds)[0][0];
    const h = 1e-6;
    for (const p of params) {
      const x = referenceFeeds[p.name];
      const numeric = Array.from(x, (_, i) => {
        const saved = x[i];
        x[i] = saved + h;
        const up = loss();
        x[i] = saved - h;
        const down = loss();
        x[i] = saved;
        return (up - down) / (2 * h);
      });
      expect(Math.hypot(...numeric), p.name).toBeGreaterThan(1e-6);
      expect(relativeError(ours[p.name], numeric), p.name).toBeLessThan(1e-4);
    }
  });
});

describe('vae-modular training', () => {
  const { options, expectReproducibleAndResumable } = taskRuns(vaeModular);

  it('gives the same curve, companions included, for the same seed; an interrupted run resumes to it exactly', async () => {
    const config = configOf(TINY);
    const curve = await expectReproducibleAndResumable(config, 33);
    for (const point of curve) {
      expect(Object.keys(point.extra ?? {})).toEqual(['embeddingFourierIpr', 'circuitShare', 'restrictedLoss', 'excludedLoss', 'heldoutNegativeElbo', 'heldoutCompletionLogProb']);
      expect(Number.isFinite(point.extra!.heldoutCompletionLogProb)).toBe(true);
    }
  });

  it('learns: the train completion score reaches 1 on a small table', async () => {
    const config = configOf({ data: { p: 7, trainFraction: 0.8 }, model: { hidden: 64, latent: 8 }, steps: 1500, evalEvery: 100, patience: 0 });
    const result = await train(options(config, 0));
    expect(result.curve[0].train).toBeLessThan(0.5);
    expect(result.curve.at(-1)!.train).toBe(1);
  });
});
