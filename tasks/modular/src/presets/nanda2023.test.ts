import { Graph, numel, sampleInitializer } from '@grokbench/graph';
import { buildModel, mergeConfig, parseConfig, Rng, sequenceEncoding, type TransformerConfig } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { modularAdd } from '../modular-task.js';

/**
 * The parameters of Nanda et al.'s reference model (progress-measures-paper, transformers.py) for
 * p = 113, d_model 128, 4 heads of 32, d_mlp 512, written out from that code: each weight's
 * element count and the standard deviation it is drawn with (`t.randn(...)/np.sqrt(...)`), zero
 * for the `t.zeros` biases.
 */
const P = 113;
const D_VOCAB = P + 1;
const D = 128;
const D_MLP = 512;
const REFERENCE = {
  W_E: { size: D * D_VOCAB, std: 1 / Math.sqrt(D) },
  W_pos: { size: 3 * D, std: 1 / Math.sqrt(D) },
  W_QKV: { size: 3 * (4 * 32 * D), std: 1 / Math.sqrt(D) },
  W_O: { size: D * D, std: 1 / Math.sqrt(D) },
  W_in: { size: D_MLP * D, std: 1 / Math.sqrt(D) },
  b_in: { size: D_MLP, std: 0 },
  W_out: { size: D * D_MLP, std: 1 / Math.sqrt(D) },
  b_out: { size: D, std: 0 },
  W_U: { size: D * D_VOCAB, std: 1 / Math.sqrt(D_VOCAB) },
};

/** Our parameter name for each reference weight. */
const OURS: Record<keyof typeof REFERENCE, string> = {
  W_E: 'transformer/token_embed',
  W_pos: 'transformer/position_embed',
  W_QKV: 'transformer/block_0/attention/qkv/weight',
  W_O: 'transformer/block_0/attention/out/weight',
  W_in: 'transformer/block_0/mlp/in/weight',
  b_in: 'transformer/block_0/mlp/in/bias',
  W_out: 'transformer/block_0/mlp/out/weight',
  b_out: 'transformer/block_0/mlp/out/bias',
  W_U: 'transformer/unembed/weight',
};

function nandaModel() {
  const config = parseConfig(modularAdd.configSchema, mergeConfig(modularAdd.presets.nanda2023.config), 'nanda2023');
  const encoding = sequenceEncoding('transformer', config.data.format, config.data.p);
  const g = new Graph();
  buildModel(g, config.model as TransformerConfig, { vocab: encoding.vocab, classes: config.data.p, length: encoding.length });
  const rng = Rng.fromSeed(0).split('init');
  const uniform = () => rng.uniform();
  const values = new Map(g.params.map((p) => [p.tensor.name, sampleInitializer(p.init, p.tensor.shape, uniform)]));
  return { g, values, encoding };
}

const std = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('nanda2023 builds the reference model', () => {
  const { g, values, encoding } = nandaModel();

  it('reads 3 tokens from a 114-token vocabulary and scores all 114', () => {
    expect(encoding).toMatchObject({ length: 3, vocab: D_VOCAB });
    const shape = (name: string) => g.params.find((p) => p.tensor.name === name)!.tensor.shape;
    expect(shape(OURS.W_E)).toEqual([D_VOCAB, D]);
    expect(shape(OURS.W_U)).toEqual([D, D_VOCAB]);
    expect(shape(OURS.W_pos)).toEqual([3, D]);
  });

  it('has exactly the reference parameters: no attention biases, MLP biases, no layer norms', () => {
    expect(new Set(values.keys())).toEqual(new Set(Object.values(OURS)));
    for (const [ref, name] of Object.entries(OURS)) {
      expect(numel(g.params.find((p) => p.tensor.name === name)!.tensor.shape), ref).toBe(REFERENCE[ref as keyof typeof REFERENCE].size);
    }
  });

  it('draws every weight with the reference standard deviation and zeroes the MLP biases', () => {
    for (const [ref, name] of Object.entries(OURS)) {
      const want = REFERENCE[ref as keyof typeof REFERENCE].std;
      const got = std(values.get(name)!);
      if (want === 0) expect(got, ref).toBe(0);
      // ≥ 384 draws each: the sample std is within 10% of σ with overwhelming probability.
      else expect(Math.abs(got / want - 1), ref).toBeLessThan(0.1);
    }
  });

  it('starts at the reference total weight norm (≈ 42, not the ≈ 118 of PyTorch defaults)', () => {
    const expected = Math.sqrt(Object.values(REFERENCE).reduce((s, { size, std: sd }) => s + size * sd * sd, 0));
    const norm = Math.sqrt([...values.values()].reduce((s, x) => s + x.reduce((t, v) => t + v * v, 0), 0));
    expect(expected).toBeGreaterThan(40);
    expect(Math.abs(norm / expected - 1)).toBeLessThan(0.01);
  });
});
