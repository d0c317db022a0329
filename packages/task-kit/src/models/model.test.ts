import { Graph, evaluateReference, numel, type Tensor } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { modelConfigSchema, type MlpConfig, type TransformerConfig } from './model-config.js';
import { buildModel } from './model.js';

/** Random values for every parameter of `g`, by name, drawn from a fixed stream. */
function randomParams(g: Graph, seed = 1): Record<string, Float64Array> {
  const rng = Rng.fromSeed(seed);
  return Object.fromEntries(
    g.params.map((p) => [p.tensor.name, Float64Array.from({ length: numel(p.tensor.shape) }, () => 2 * rng.uniform() - 1)]),
  );
}

/** Graph scalars (1/√d_head, ½ in GELU, ε) are float32 constants, so agreement is to ~1e-8 relative, not 1e-15. */
function expectClose(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThan(1e-6 * (1 + Math.abs(want)));
}

function tokensConst(g: Graph, rows: number[][]): Tensor {
  return g.constant('tokens', Int32Array.from(rows.flat()), [rows.length, rows[0].length], 'int32');
}

// ---- An independent float64 forward pass, written loop by loop from the textbook definitions. ----

type Matrix = number[][];
const row = (flat: ArrayLike<number>, cols: number, r: number) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]);
const matrix = (flat: ArrayLike<number>, rows: number, cols: number): Matrix => Array.from({ length: rows }, (_, r) => row(flat, cols, r));
const vecMat = (v: number[], m: Matrix) => m[0].map((_, j) => v.reduce((s, x, i) => s + x * m[i][j], 0));
const addVec = (u: number[], v: number[]) => u.map((x, i) => x + v[i]);
const erf = (x: number) => {
  // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead (|x| is small here).
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const act = (kind: 'relu' | 'gelu') => (x: number) => (kind === 'relu' ? Math.max(0, x) : 0.5 * x * (1 + erf(x / Math.SQRT2)));

function naiveMlp(p: Record<string, Float64Array>, c: MlpConfig, vocab: number, classes: number, a: number, b: number): number[] {
  // One-hot of width 2·vocab times the first weight matrix [2·vocab, hidden].
  const w1 = [...matrix(p['mlp/embed_a'], vocab, c.hidden), ...matrix(p['mlp/embed_b'], vocab, c.hidden)];
  const x = new Array(2 * vocab).fill(0);
  x[a] = 1;
  x[vocab + b] = 1;
  let h = vecMat(x, w1);
  if (c.biases) h = addVec(h, Array.from(p['mlp/embed_bias']));
  h = h.map(act(c.activation));
  const layer = (name: string, v: number[], inputs: number, outputs: number) => {
    const y = vecMat(v, matrix(p[`${name}/weight`], inputs, outputs));
    return c.biases ? addVec(y, Array.from(p[`${name}/bias`])) : y;
  };
  for (let i = 1; i < c.depth; i++) h = layer(`mlp/hidden_${i}`, h, c.hidden, c.hidden).map(act(c.activation));
  return layer('mlp/out', h, c.hidden, classes);
}

function naiveLayerNorm(x: number[], gain: ArrayLike<number>, bias: ArrayLike<number>): number[] {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * gain[i] + bias[i]);
}

function naiveTransformer(p: Record<string, Float64Array>, c: TransformerConfig, vocab: number, classes: number, tokens: number[]): number[] {
  const d = c.width;
  const L = tokens.length;
  const m = c.mlpWidth ?? 4 * d;
  const dh = d / c.heads;
  const pos = (t: number, i: number) => {
    if (c.positions === 'learned') return p['transformer/position_embed'][t * d + i];
    const k = i % 2 === 0 ? i : i - 1;
    return i % 2 === 0 ? Math.sin(t / 10000 ** (k / d)) : Math.cos(t / 10000 ** (k / d));
  };
  let x: Matrix = tokens.map((tok, t) => row(p['transformer/token_embed'], d, tok).map((v, i) => v + pos(t, i)));
  for (let layer = 0; layer < c.layers; layer++) {
    const name = `transformer/block_${layer}`;
    const lin = (sub: string, v: number[], inputs: number, outputs: number) => {
      const y = vecMat(v, matrix(p[`${name}/${sub}/weight`], inputs, outputs));
      const biased = sub.startsWith('mlp/') ? c.biases.mlp : c.biases.attention;
      return biased ? addVec(y, Array.from(p[`${name}/${sub}/bias`])) : y;
    };
    const norm = (k: 1 | 2, v: number[]) => naiveLayerNorm(v, p[`${name}/norm_${k}/gain`], p[`${name}/norm_${k}/bias`]);
    const attend = (h: Matrix): Matrix => {
      const qkv = h.map((v) => lin('attention/qkv', v, d, 3 * d));
      const heads = h.map((_, t) => {
        const out: number[] = [];
        for (let head = 0; head < c.heads; head++) {
          const q = qkv[t].slice(head * dh, (head + 1) * dh);
          // Causal: position t sees keys 0..t.
          const scores = Array.from({ length: t + 1 }, (_, s) => {
            const k = qkv[s].slice(d + head * dh, d + (head + 1) * dh);
            return q.reduce((acc, qi, i) => acc + qi * k[i], 0) / Math.sqrt(dh);
          });
          const top = Math.max(...scores);
          const weights = scores.map((s) => Math.exp(s - top));
          const total = weights.reduce((a, b) => a + b, 0);
          for (let i = 0; i < dh; i++) {
            out.push(weights.reduce((acc, w, s) => acc + (w / total) * qkv[s][2 * d + head * dh + i], 0));
          }
        }
        return lin('attention/out', out, d, d);
      });
      return heads;
    };
    const mlp = (v: number[]) => lin('mlp/out', lin('mlp/in', v, d, m).map(act(c.activation)), m, d);
    if (c.layerNorm === 'pre') {
      const a = attend(x.map((v) => norm(1, v)));
      x = x.map((v, t) => addVec(v, a[t]));
      x = x.map((v) => addVec(v, mlp(norm(2, v))));
    } else if (c.layerNorm === 'pre-stream') {
      x = x.map((v) => norm(1, v));
      const a = attend(x);
      x = x.map((v, t) => addVec(v, a[t]));
      x = x.map((v) => addVec(v, mlp(norm(2, v))));
    } else if (c.layerNorm === 'post') {
      const a = attend(x);
      x = x.map((v, t) => norm(1, addVec(v, a[t])));
      x = x.map((v) => norm(2, addVec(v, mlp(v))));
    } else {
      const a = attend(x);
      x = x.map((v, t) => addVec(v, a[t]));
      x = x.map((v) => addVec(v, mlp(v)));
    }
  }
  let last = x[L - 1];
  if (c.finalLayerNorm) last = naiveLayerNorm(last, p['transformer/final_norm/gain'], p['transformer/final_norm/bias']);
  const outputs = c.head === 'vocabulary' ? (c.vocabulary ?? vocab) : classes;
  return vecMat(last, matrix(p['transformer/unembed/weight'], d, outputs));
}

const transformer = (overrides: Record<string, unknown>) =>
  modelConfigSchema.parse({ kind: 'transformer', width: 8, heads: 2, mlpWidth: 12, ...overrides }) as TransformerConfig;

describe('the MLP', () => {
  const cases: Record<string, unknown>[] = [
    { hidden: 6 },
    { hidden: 5, depth: 3, activation: 'gelu', biases: true },
  ];
  it.each(cases)('matches one-hot(a) ⊕ one-hot(b) through dense layers (%o)', (overrides) => {
    const config = modelConfigSchema.parse({ kind: 'mlp', ...overrides }) as MlpConfig;
    const g = new Graph();
    const model = buildModel(g, config, { vocab: 7, classes: 7, length: 2 });
    const rows = [[0, 0], [3, 5], [6, 1], [2, 2]];
    const logits = model(tokensConst(g, rows));
    expect(logits.shape).toEqual([4, 7]);
    const params = randomParams(g);
    const [got] = evaluateReference([logits], params);
    rows.forEach(([a, b], r) => {
      const want = naiveMlp(params, config, 7, 7, a, b);
      want.forEach((v, j) => expectClose(got[r * 7 + j], v));
    });
  });

  it('starts its operand tables at U(±1/√(2·vocab)), the fan-in of the one-hot layer they stand for', () => {
    const g = new Graph();
    buildModel(g, modelConfigSchema.parse({ kind: 'mlp', hidden: 4 }), { vocab: 97, classes: 97, length: 2 });
    const embed = g.params.find((p) => p.tensor.name === 'mlp/embed_a')!;
    expect(embed.init).toEqual({ kind: 'uniform', limit: 1 / Math.sqrt(194) });
  });
});

describe('the transformer', () => {
  const cases: Record<string, unknown>[] = [
    { layers: 2, layerNorm: 'post', biases: false, finalLayerNorm: false, positions: 'sinusoidal' },
    { layers: 2, layerNorm: 'pre', activation: 'gelu', finalLayerNorm: true, biases: true },
    { layers: 1, layerNorm: 'none', finalLayerNorm: false, biases: false },
    { layers: 3, heads: 4, layerNorm: 'pre', finalLayerNorm: false },
    { layers: 2, layerNorm: 'pre-stream', attentionInit: 'torch-mha', activation: 'gelu', finalLayerNorm: true, biases: true },
    { layers: 1, layerNorm: 'none', finalLayerNorm: false, biases: { attention: false, mlp: true }, head: 'vocabulary', init: { mlpBias: { kind: 'normal', std: 0.5 } } },
    { layers: 1, layerNorm: 'post', finalLayerNorm: false, biases: { attention: true, mlp: false }, head: 'vocabulary', vocabulary: 12 },
  ];
  it.each(cases)('matches a position-by-position causal decoder read at the last token (%o)', (overrides) => {
    const config = transformer(overrides);
    const g = new Graph();
    const model = buildModel(g, config, { vocab: 9, classes: 7, length: 4 });
    const rows = [[0, 7, 3, 8], [6, 7, 6, 8], [2, 7, 5, 8]];
    const logits = model(tokensConst(g, rows));
    // A 'vocabulary' head scores every token (9, or the padded vocabulary), not just the 7 answers.
    const outputs = config.head === 'vocabulary' ? (config.vocabulary ?? 9) : 7;
    expect(logits.shape).toEqual([3, outputs]);
    const params = randomParams(g);
    const [got] = evaluateReference([logits], params);
    rows.forEach((tokens, r) => {
      const want = naiveTransformer(params, config, 9, 7, tokens);
      expect(want).toHaveLength(outputs);
      want.forEach((v, j) => expectClose(got[r * outputs + j], v));
    });
  });

  it('has the parameter count of Power et al.’s 2-layer, width-128 model without biases', () => {
    const g = new Graph();
    const config = modelConfigSchema.parse({
      kind: 'transformer', layers: 2, width: 128, heads: 4, layerNorm: 'post', finalLayerNorm: false, biases: false, positions: 'sinusoidal',
    });
    buildModel(g, config, { vocab: 99, classes: 97, length: 4 });
    const count = g.params.reduce((s, p) => s + numel(p.tensor.shape), 0);
    // embedding 99·128; per block: 4·128² attention + 2·128·512 MLP + 2 layer norms of 2·128; unembed 128·97.
    expect(count).toBe(99 * 128 + 2 * (4 * 128 * 128 + 2 * 128 * 512 + 4 * 128) + 128 * 97);
  });

  it("draws attention as nn.MultiheadAttention does under attentionInit 'torch-mha'", () => {
    const g = new Graph();
    buildModel(g, transformer({ layers: 1, width: 32, heads: 4, attentionInit: 'torch-mha' }), { vocab: 9, classes: 7, length: 4 });
    const init = (name: string) => g.params.find((p) => p.tensor.name === `transformer/block_0/attention/${name}`)!.init;
    expect(init('qkv/weight')).toEqual({ kind: 'uniform', limit: Math.sqrt(6 / (32 + 96)) });
    expect(init('qkv/bias')).toEqual({ kind: 'zeros' });
    expect(init('out/weight')).toEqual({ kind: 'fan-in-uniform' });
    expect(init('out/bias')).toEqual({ kind: 'zeros' });
  });

  it('takes per-parameter initializers from the config and keeps the defaults elsewhere', () => {
    const g = new Graph();
    const config = transformer({
      layers: 1,
      biases: { attention: false, mlp: true },
      head: 'vocabulary',
      vocabulary: 20,
      init: { tokenEmbed: { kind: 'normal', std: 0.25 }, mlpOut: { kind: 'fan-in-normal' }, mlpBias: { kind: 'zeros' }, unembed: { kind: 'normal', std: 0.1 } },
    });
    buildModel(g, config, { vocab: 9, classes: 7, length: 4 });
    const param = (name: string) => g.params.find((p) => p.tensor.name === `transformer/${name}`);
    expect(param('token_embed')).toMatchObject({ init: { kind: 'normal', std: 0.25 }, tensor: { shape: [20, 8] } });
    expect(param('position_embed')!.init).toEqual({ kind: 'normal', std: 1 });
    expect(param('block_0/mlp/out/weight')!.init).toEqual({ kind: 'fan-in-normal' });
    expect(param('block_0/mlp/in/weight')!.init).toEqual({ kind: 'fan-in-uniform' });
    expect(param('block_0/mlp/in/bias')!.init).toEqual({ kind: 'zeros' });
    expect(param('block_0/attention/qkv/bias')).toBeUndefined();
    expect(param('unembed/weight')).toMatchObject({ init: { kind: 'normal', std: 0.1 }, tensor: { shape: [8, 20] } });
  });

  it('refuses a padded vocabulary smaller than the task needs', () => {
    expect(() => buildModel(new Graph(), transformer({ vocabulary: 5 }), { vocab: 9, classes: 7, length: 4 })).toThrow(/model\.vocabulary: 5 .* 9 tokens/);
  });

  it.each([
    [{ init: { unembed: { kind: 'normal', std: -1 } } }, 'init.unembed.std'],
    [{ init: { mlpIn: { kind: 'glorot' } } }, 'init.mlpIn.kind'],
    [{ init: { embedding: { kind: 'zeros' } } }, 'init'],
    [{ init: { mlpBias: { kind: 'uniform' } } }, 'init.mlpBias.limit'],
    [{ biases: { attention: true, mlp: 'yes' } }, 'biases.mlp'],
    [{ head: 'tokens' }, 'head'],
    [{ vocabulary: 0 }, 'vocabulary'],
  ])('rejects a bad init, bias or head setting (%o) at its path', (overrides, path) => {
    const result = modelConfigSchema.safeParse({ kind: 'transformer', ...overrides });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join('.')).toBe(path);
  });

  it('rejects a width that the heads do not divide', () => {
    const result = modelConfigSchema.safeParse({ kind: 'transformer', width: 10, heads: 4 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/multiple of heads/);
  });
});
