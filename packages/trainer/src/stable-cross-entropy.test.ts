import { Graph, crossEntropy, gradients, stableCrossEntropy } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from './engines/ort-engine.js';

/**
 * The non-cancelling cross-entropy in float32 on ONNX Runtime against float64 arithmetic. Row r
 * puts the label's logit MARGINS[r] above every other class: at 2 the plain form is exact, at 20
 * and 30 its log-softmax rounds to 0 and the correct class's gradient p_y − 1 cancels to 0.
 */
const CLASSES = 7;
const MARGINS = [2, 8, 20, 30];
const LABELS = [3, 0, 6, 2];
const OTHERS = [0.3, -0.7, 0.1, -0.2, 0.5, -0.4, 0.2];

function logitsOf(): Float64Array {
  const logits = new Float64Array(MARGINS.length * CLASSES);
  MARGINS.forEach((margin, r) => {
    for (let c = 0; c < CLASSES; c++) logits[r * CLASSES + c] = OTHERS[c] + (c === LABELS[r] ? margin : 0);
  });
  return logits;
}

/** Mean loss and its gradient in float64: log(1 + s) and, per row, e^{l_j − l_y}/(1 + s) and −s/(1 + s), over the row count. */
function reference(logits: Float64Array) {
  const rows = MARGINS.length;
  const grad = new Float64Array(logits.length);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const y = LABELS[r];
    const label = logits[r * CLASSES + y];
    let s = 0;
    for (let c = 0; c < CLASSES; c++) if (c !== y) s += Math.exp(logits[r * CLASSES + c] - label);
    loss += Math.log1p(s) / rows;
    for (let c = 0; c < CLASSES; c++) {
      grad[r * CLASSES + c] = (c === y ? -s : Math.exp(logits[r * CLASSES + c] - label)) / (1 + s) / rows;
    }
  }
  return { loss, grad };
}

async function float32Losses(logits: Float64Array) {
  const g = new Graph();
  const input = g.input('logits', [MARGINS.length, CLASSES]);
  const labels = g.constant('labels', Int32Array.from(LABELS), [MARGINS.length], 'int32');
  const plain = crossEntropy(input, labels);
  const stable = stableCrossEntropy(input, labels);
  const [plainGrad] = gradients(plain, [input]);
  const [stableGrad] = gradients(stable, [input]);
  const compiled = await new OrtEngine({ threads: 1 }).compile(g, { plain, stable, plainGrad, stableGrad });
  try {
    const out = await compiled.run({ logits: { dtype: 'float32', shape: [MARGINS.length, CLASSES], data: Float32Array.from(logits) } });
    const read = (name: string) => Float64Array.from(out[name].data as Float32Array);
    return { plain: read('plain')[0], stable: read('stable')[0], plainGrad: read('plainGrad'), stableGrad: read('stableGrad') };
  } finally {
    await compiled.dispose();
  }
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('stableCrossEntropy in float32', () => {
  it('matches float64 loss and gradient in every row, where the plain form rounds the correct class to 0', async () => {
    const logits = logitsOf();
    const want = reference(logits);
    const got = await float32Losses(logits);
    expect(relativeError(got.stable, want.loss)).toBeLessThan(1e-5);
    want.grad.forEach((expected, i) => expect(relativeError(got.stableGrad[i], expected), `gradient ${i}`).toBeLessThan(1e-4));

    for (let r = 0; r < MARGINS.length; r++) {
      const at = r * CLASSES + LABELS[r];
      if (MARGINS[r] <= 8) {
        // Where float32 resolves 1 − p_y the two forms agree.
        expect(relativeError(got.plainGrad[at], want.grad[at]), `row ${r}`).toBeLessThan(1e-2);
      } else {
        // The plain form's correct-class gradient cancels exactly; the stable one is s/(1 + s) ≈ e^{−margin}·Σ.
        expect(got.plainGrad[at], `row ${r}`).toBe(0);
        expect(got.stableGrad[at], `row ${r}`).toBeLessThan(0);
      }
    }
  });

  it('keeps the loss of rows the plain form rounds to exactly 0', async () => {
    // Only the two confident rows: the plain mean loss is 0, the stable one e^{−20}·Σ… as in float64.
    const logits = logitsOf().map((v, i) => (MARGINS[Math.floor(i / CLASSES)] >= 20 ? v : v + (i % CLASSES === LABELS[Math.floor(i / CLASSES)] ? 30 : 0)));
    const want = reference(logits);
    const got = await float32Losses(logits);
    expect(Math.abs(got.plain)).toBe(0);
    expect(relativeError(got.stable, want.loss)).toBeLessThan(1e-5);
  });

  it('takes the log-softmax form where another class beats the label, without overflow', async () => {
    const g = new Graph();
    const input = g.input('logits', [1, 3]);
    const stable = stableCrossEntropy(input, g.constant('labels', Int32Array.of(0), [1], 'int32'));
    const [grad] = gradients(stable, [input]);
    const compiled = await new OrtEngine({ threads: 1 }).compile(g, { stable, grad });
    try {
      const out = await compiled.run({ logits: { dtype: 'float32', shape: [1, 3], data: Float32Array.of(0, 200, 1) } });
      // −log softmax at 0 of (0, 200, 1) = 200 + log(1 + e^−200 + e^−199) ≈ 200; e^200 would overflow.
      expect((out.stable.data as Float32Array)[0]).toBeCloseTo(200, 3);
      expect(Array.from(out.grad.data as Float32Array).every(Number.isFinite)).toBe(true);
    } finally {
      await compiled.dispose();
    }
  });
});
