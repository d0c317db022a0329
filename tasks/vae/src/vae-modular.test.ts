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
    [{ evaluation: { densitySamples: 0 } }, /evaluation\.densitySamples: densitySamples must be a whole number ≥ 1/],
    [{ evaluation: { proposalScale: 0 } }, /evaluation\.proposalScale: proposalScale must be > 0/],
    [{ objective: { betaWarmup: { from: -0.1, steps: 10 } } }, /objective\.betaWarmup\.from: betaWarmup\.from must be ≥ 0/],
    [{ objective: { betaWarmup: { from: 0.1, steps: 0 } } }, /objective\.betaWarmup\.steps: betaWarmup\.steps must be a whole number ≥ 1/],
    [{ objective: { importanceSamples: 0 } }, /objective\.importanceSamples: importanceSamples must be a whole number ≥ 1/],
    [{ objective: { beta: 0.2, importanceSamples: 4 } }, /objective\.importanceSamples: importanceSamples 4 trains the importance-weighted bound, which has no β/],
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

/**
 * Hand-built parameters of a model that copies its input: each slot value is its own latent
 * dimension (one-hot through the identity) and the decoder reads every slot back from it, with
 * logit 20 for the value it saw. Width 3·(p + 1): the encoder's one-hot input size.
 */
function copierFeeds(experiment: { graph: { params: readonly { tensor: { name: string; shape: readonly number[]; rank: number } }[] } }, p: number) {
  const width = 3 * (p + 1);
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
  return feeds;
}

describe('vae-modular scores', () => {
  it('a model that copies its input cannot rank completions by density: its score is at chance', () => {
    // The copier reconstructs whatever it is shown, but the density of (a, b, c′) is estimated with
    // the proposal q(z | a, b, mask), which never sees c′: its c-latent is pure proposal noise, so
    // which candidate wins is a matter of the draws, not of c. Over all 169 triples the score stays
    // within 4 binomial standard deviations of 1/p (0.159), where the true c winning every time would be 1.
    const p = 13;
    const width = 3 * (p + 1);
    const config = configOf({ data: { p, trainFraction: 0.5 }, model: { hidden: width, latent: width, depth: 1 } });
    const experiment = vaeModular.setup(config, Rng.fromSeed(0));
    const [train, heldout] = evaluateReference([experiment.evaluation.train, experiment.evaluation.heldout], copierFeeds(experiment, p));
    const dump = vaeModular.dataset(config, Rng.fromSeed(0));
    const heldoutCount = dump.examples.filter((e) => e.split === 'heldout').length;
    const overall = (train[0] * (169 - heldoutCount) + heldout[0] * heldoutCount) / 169;
    expect(overall).toBeLessThan(1 / p + 4 * Math.sqrt((1 / p) * (1 - 1 / p) / 169));
    expect(experiment.chance).toBe(1 / p);
  });

  it('a model with every parameter zero has log p̂ = −3 ln p for every triple, exactly, and ranks by ties', () => {
    // Zero parameters: q(z | x) is the prior N(0, I) and the decoder is uniform over each slot
    // whatever z is, so every importance weight is p^−3 and the estimate is exact at any K. Every
    // candidate ties; the ranking takes the smallest, right for the triples with c = 0.
    const p = 7;
    const config = configOf({ data: { p, trainFraction: 0.6 }, model: { hidden: 8, latent: 3 }, evaluation: { densitySamples: 5, proposalScale: 1 } });
    const experiment = vaeModular.setup(config, Rng.fromSeed(2));
    const feeds = Object.fromEntries(experiment.graph.params.map(({ tensor }) => [tensor.name, new Float32Array(tensor.shape.reduce((a, b) => a * b, 1))]));
    const c = experiment.companions!;
    const [heldout, heldoutLoss, logDensity, gap, elbo, completion] = evaluateReference(
      [experiment.evaluation.heldout, experiment.evaluation.heldoutLoss, c.heldoutLogDensity.value, c.logDensityGap.value, c.heldoutElbo.value, c.heldoutCompletionLogProb.value],
      feeds,
    ).map((v) => v[0]);
    expect(heldoutLoss).toBeCloseTo(3 * Math.log(p), 5);
    expect(logDensity).toBeCloseTo(-3 * Math.log(p), 5);
    expect(elbo).toBeCloseTo(-3 * Math.log(p), 5);
    expect(gap).toBeCloseTo(0, 5);
    expect(completion).toBeCloseTo(-Math.log(p), 5);
    const rows = vaeModular.dataset(config, Rng.fromSeed(2)).examples.filter((e) => e.split === 'heldout');
    expect(heldout).toBeCloseTo(rows.filter((e) => e.c === 0).length / rows.length, 6);
  });

  it('scored as first recorded (densitySamples null), the copier completes at chance, not 1', () => {
    // The copier (above) reconstructs whatever it sees perfectly, but c is masked in the scored
    // view, so at z = μ its c logits are all equal and the ranking is a tie: the smallest
    // candidate (0) wins, right exactly for the triples with c = 0.
    const p = 5;
    const width = 3 * (p + 1);
    const config = configOf({ data: { p, trainFraction: 0.6 }, model: { hidden: width, latent: width, depth: 1 }, evaluation: { densitySamples: null } });
    const experiment = vaeModular.setup(config, Rng.fromSeed(0));
    const feeds = copierFeeds(experiment, p);
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

  it('a β warm-up feeds β at its scheduled value: the step’s loss equals that of the same model at that constant β', () => {
    const warm = configOf({ ...TINY, objective: { beta: 1, betaWarmup: { from: 0.2, steps: 11 } } });
    const experiment = vaeModular.setup(warm, Rng.fromSeed(0));
    const params = Object.fromEntries(experiment.graph.params.map(({ tensor }, i) => [tensor.name, Float32Array.from({ length: tensor.shape.reduce((a, b) => a * b, 1) }, (_, k) => Math.sin(i + k))]));
    for (const [step, beta] of [[1, 0.2], [6, 0.6], [11, 1], [40, 1]]) {
      const batch = experiment.nextBatch(step, Rng.fromSeed(3));
      expect(batch['vae/beta'].data[0]).toBeCloseTo(beta, 6);
      const constant = vaeModular.setup(configOf({ ...TINY, objective: { beta } }), Rng.fromSeed(0));
      const { ['vae/beta']: _fed, ...rest } = batch;
      const lossOf = (exp: typeof experiment, feeds: typeof batch) =>
        evaluateReference([exp.loss], { ...params, ...Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.data])) })[0][0];
      expect(lossOf(experiment, batch)).toBeCloseTo(lossOf(constant, rest), 5);
    }
    // Without a warm-up nothing is fed: the graph is the one recorded runs used.
    expect(vaeModular.setup(configOf(TINY), Rng.fromSeed(0)).nextBatch(1, Rng.fromSeed(3))).not.toHaveProperty('vae/beta');
  });

  it.each([
    ['the ELBO', {}],
    ['the importance-weighted bound, K = 3', { objective: { beta: 1, importanceSamples: 3 } }],
  ])('the loss gradient of %s (fixed ε) equals float64 central finite differences', async (_name, objective) => {
    const config = configOf({ ...TINY, data: { p: 5, trainFraction: 0.6 }, model: { hidden: 6, latent: 2, activation: 'gelu' }, ...objective });
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
      expect(Object.keys(point.extra ?? {})).toEqual(['embeddingFourierIpr', 'circuitShare', 'restrictedLoss', 'excludedLoss', 'heldoutCompletionLogProb', 'heldoutLogDensity', 'logDensityGap', 'heldoutElbo']);
      expect(Number.isFinite(point.extra!.heldoutCompletionLogProb)).toBe(true);
    }
  });

  it('learns: on a small table the training triples’ density rises above the uniform model’s and ranks their completions', async () => {
    const p = 7;
    const config = configOf({ data: { p, trainFraction: 0.8 }, model: { hidden: 64, latent: 8 }, steps: 1500, evalEvery: 100, patience: 0 });
    const result = await train(options(config, 0));
    const last = result.curve.at(-1)!;
    expect(result.curve[0].train).toBeLessThan(0.5);
    expect(last.train).toBeGreaterThan(0.7);
    // −log p̂ of the training triples, against 3 ln p for a model uniform over every triple.
    expect(last.trainLoss).toBeLessThan(3 * Math.log(p) - 0.2);
  });
});
