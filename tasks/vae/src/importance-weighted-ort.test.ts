import { Graph, evaluateReference, gather, reshape, type HostTensor, type Tensor } from '@grokbench/graph';
import { Rng, buildVae, categoricalLogLikelihood, importanceWeightedLogMarginal, standardNormalNoise } from '@grokbench/task-kit';
import { OrtEngine } from '@grokbench/trainer';
import { initialParams } from '@grokbench/trainer/testing';
import { describe, expect, it } from 'vitest';
import { maskCompletion, tripleTable, triplesAt } from './modular-triples.js';

describe('the importance-weighted log marginal on the vae-modular network', () => {
  it('runs on ONNX Runtime and agrees with the reference evaluator; no triple scores above log 1', async () => {
    const p = 7;
    const [samples, latent] = [16, 4];
    const table = tripleTable(p, 'add');
    const indices = Int32Array.from({ length: 12 }, (_, i) => i * 4);
    const triples = triplesAt(table, indices);
    const n = indices.length;
    const g = new Graph();
    const vae = buildVae(g, { kind: 'vae-mlp', hidden: 16, depth: 1, latent, activation: 'relu', initScale: 1 }, { input: { kind: 'categorical', slots: 3, classes: p + 1 }, outputs: 3 * p });
    const targets = g.constant('triples', triples, [n, 3], 'int32');
    // The proposal sees (a, b) with c masked: a valid q for the whole triple's log p̂.
    const visible = g.constant('visible', maskCompletion(triples, p), [n, 3], 'int32');
    const noise = g.constant('noise', standardNormalNoise(Rng.fromSeed(2), 0, [samples, n, latent]).data as Float32Array, [samples, n, latent]);
    const logLikelihood = (latents: Tensor, rowOf: Tensor) => categoricalLogLikelihood(reshape(vae.decode(latents), [samples * n, 3, p]), gather(targets, rowOf));
    const logMarginal = importanceWeightedLogMarginal({ posterior: vae.encode(visible), noise, logLikelihood });

    const values = initialParams(g, 3);
    const feeds: Record<string, HostTensor> = {};
    for (const param of g.params) feeds[param.tensor.name] = { dtype: 'float32', shape: param.tensor.shape, data: values[param.tensor.name] };
    const [reference] = evaluateReference([logMarginal], Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, t.data as Float32Array])));
    const compiled = await new OrtEngine({ threads: 1 }).compile(g, { logMarginal });
    try {
      const ours = (await compiled.run(feeds)).logMarginal.data as Float32Array;
      expect(ours).toHaveLength(n);
      for (let i = 0; i < n; i++) {
        expect(ours[i]).toBeCloseTo(reference[i], 3);
        // A probability of a discrete triple: log p̂ ≤ 0 for every estimate, up to rounding.
        expect(ours[i]).toBeLessThan(1e-4);
        // An untrained decoder is near uniform over p³ triples: far from the 2·ln p of a perfect model.
        expect(ours[i]).toBeLessThan(-2 * Math.log(p));
      }
    } finally {
      await compiled.dispose();
    }
  });
});
