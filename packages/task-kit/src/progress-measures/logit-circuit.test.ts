import { Graph } from '@grokbench/graph';
import { OrtEngine } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { KEY_FREQUENCIES, logitCircuitMeasures } from './logit-circuit.js';
import { residueOrder } from './residue-order.js';

const P = 23;
const TRAIN_FRACTION = 0.4;

/** Every (a, b) pair of Z_P with its answer under `op`, split train/held-out by a seeded draw. */
function pairs(op: (a: number, b: number) => number) {
  const rng = Rng.fromSeed(3);
  const all = Array.from({ length: P * P }, (_, i) => ({ a: Math.floor(i / P), b: i % P, c: op(Math.floor(i / P), i % P) }));
  return all.map((pair) => ({ ...pair, train: rng.uniform() < TRAIN_FRACTION }));
}
type Pair = ReturnType<typeof pairs>[number];

interface Measures {
  circuitShare: number;
  restrictedLoss: number;
  excludedLoss: number;
}

/** The in-graph measures on ONNX Runtime, the logit table fed as the two sets' logits. */
async function graphMeasures(table: Pair[], logitsOf: (pair: Pair) => number[], groupIndex: (residue: number) => number): Promise<Measures> {
  const g = new Graph();
  const split = [table.filter((p) => p.train), table.filter((p) => !p.train)];
  const inputs = split.map((rows, i) => g.input(`logits${i}`, [rows.length, P], 'float32'));
  const companions = logitCircuitMeasures(
    g,
    {
      sets: split.map((rows, i) => ({
        logits: inputs[i],
        target: Int32Array.from(rows, (r) => groupIndex(r.c)),
        ...(i === 0 ? { labels: Int32Array.from(rows, (r) => r.c) } : {}),
      })),
      classIndex: Int32Array.from({ length: P }, (_, c) => groupIndex(c)),
      order: groupOrder(groupIndex),
    },
    'the test table',
  );
  const outputs = Object.fromEntries(Object.entries(companions).map(([name, series]) => [name, series.value]));
  const compiled = await new OrtEngine({ threads: 1 }).compile(g, outputs);
  try {
    const feeds = Object.fromEntries(
      split.map((rows, i) => [`logits${i}`, { dtype: 'float32' as const, shape: [rows.length, P], data: Float32Array.from(rows.flatMap(logitsOf)) }]),
    );
    const out = await compiled.run(feeds);
    return Object.fromEntries(Object.keys(outputs).map((name) => [name, (out[name].data as Float32Array)[0]])) as unknown as Measures;
  } finally {
    await compiled.dispose();
  }
}

const groupOrder = (groupIndex: (residue: number) => number) => Math.max(...Array.from({ length: P }, (_, r) => groupIndex(r))) + 1;

/**
 * The same measures on the host in float64, directly from their definition: inner products of the
 * whole table with each direction cos/sin(2πk(t − c)/n), evaluated entry by entry.
 */
function referenceMeasures(table: Pair[], logitsOf: (pair: Pair) => number[], groupIndex: (residue: number) => number): Measures {
  const n = groupOrder(groupIndex);
  const rows = table.filter((p) => groupIndex(p.c) >= 0 && groupIndex(p.a) >= 0 && groupIndex(p.b) >= 0);
  const classes = Array.from({ length: P }, (_, c) => c).filter((c) => groupIndex(c) >= 0);
  const direction = (k: number, kind: 0 | 1, pair: Pair, c: number) => {
    const angle = (2 * Math.PI * k * (groupIndex(pair.c) - groupIndex(c))) / n;
    return kind === 0 ? Math.cos(angle) : Math.sin(angle);
  };
  const components: { k: number; kind: 0 | 1; coefficient: number; energy: number }[] = [];
  const energyOf = new Map<number, number>();
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    for (const kind of [0, 1] as const) {
      let inner = 0;
      let normSq = 0;
      for (const pair of rows) {
        const logits = logitsOf(pair);
        for (const c of classes) {
          const d = direction(k, kind, pair, c);
          inner += logits[c] * d;
          normSq += d * d;
        }
      }
      if (normSq < 1e-9) continue;
      components.push({ k, kind, coefficient: inner / normSq, energy: (inner * inner) / normSq });
      energyOf.set(k, (energyOf.get(k) ?? 0) + (inner * inner) / normSq);
    }
  }
  const keys = new Set([...energyOf.entries()].sort((x, y) => y[1] - x[1]).slice(0, KEY_FREQUENCIES).map(([k]) => k));
  let total = 0;
  for (const pair of rows) {
    const values = classes.map((c) => logitsOf(pair)[c]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    total += values.reduce((s, v) => s + (v - mean) ** 2, 0);
  }
  const kept = components.filter((c) => keys.has(c.k));
  const circuitShare = kept.reduce((s, c) => s + c.energy, 0) / total;
  const restrictedOf = (pair: Pair, c: number) => (groupIndex(c) < 0 ? 0 : kept.reduce((s, comp) => s + comp.coefficient * direction(comp.k, comp.kind, pair, c), 0));
  const loss = (logitsFor: (pair: Pair) => number[]) => {
    const train = rows.filter((p) => p.train);
    const total = train.reduce((s, pair) => {
      const logits = logitsFor(pair);
      const max = Math.max(...logits);
      const logSum = max + Math.log(logits.reduce((acc, v) => acc + Math.exp(v - max), 0));
      return s + logSum - logits[pair.c];
    }, 0);
    return total / train.length;
  };
  const restrictedLogits = (pair: Pair) => Array.from({ length: P }, (_, c) => restrictedOf(pair, c));
  return {
    circuitShare,
    restrictedLoss: loss(restrictedLogits),
    excludedLoss: loss((pair) => {
      const restricted = restrictedLogits(pair);
      return logitsOf(pair).map((v, c) => v - restricted[c]);
    }),
  };
}

const trainLoss = (table: Pair[], logitsOf: (pair: Pair) => number[]) => referenceLoss(table.filter((p) => p.train), logitsOf);
function referenceLoss(rows: Pair[], logitsOf: (pair: Pair) => number[]) {
  return (
    rows.reduce((s, pair) => {
      const logits = logitsOf(pair);
      return s + Math.log(logits.reduce((acc, v) => acc + Math.exp(v), 0)) - logits[pair.c];
    }, 0) / rows.length
  );
}

function expectMatch(graph: Measures, reference: Measures) {
  expect(graph.circuitShare).toBeCloseTo(reference.circuitShare, 4);
  expect(graph.restrictedLoss).toBeCloseTo(reference.restrictedLoss, 3);
  expect(graph.excludedLoss).toBeCloseTo(reference.excludedLoss, 3);
}

describe('restricted loss, excluded loss and circuit share of a logit table', () => {
  const additive = (r: number) => r;
  const add = pairs((a, b) => (a + b) % P);

  it('a pure circuit α·cos(2πk(a + b − c)/p): share 1, restricted loss the full loss, excluded loss ln p', async () => {
    const circuit = (pair: Pair) => Array.from({ length: P }, (_, c) => 6 * Math.cos((2 * Math.PI * 4 * (pair.a + pair.b - c)) / P));
    const measured = await graphMeasures(add, circuit, additive);
    expect(measured.circuitShare).toBeCloseTo(1, 4);
    expect(measured.restrictedLoss).toBeCloseTo(trainLoss(add, circuit), 3);
    expect(measured.excludedLoss).toBeCloseTo(Math.log(P), 3);
    expectMatch(measured, referenceMeasures(add, circuit, additive));
  });

  it('a lookup-table memorizer: share ≈ train fraction × 2K/p, excluded loss ≈ its train loss', async () => {
    const memorizer = (pair: Pair) => Array.from({ length: P }, (_, c) => (pair.train && c === pair.c ? 8 : 0));
    const measured = await graphMeasures(add, memorizer, additive);
    const fraction = add.filter((p) => p.train).length / add.length;
    // Each training row's energy about its mean is 8²(1 − 1/p), of which each key frequency's cosine
    // direction holds the share 2/p² of the p² rows' peak: train fraction × 2K/p over (1 − 1/p).
    expect(measured.circuitShare).toBeCloseTo((fraction * 2 * KEY_FREQUENCIES) / P / (1 - 1 / P), 4);
    expect(Math.abs(measured.excludedLoss - trainLoss(add, memorizer))).toBeLessThan(0.25 * trainLoss(add, memorizer) + 0.05);
    // Its frequencies tie in energy, so which K are key is up to rounding: the losses depend on
    // that choice, the share does not.
    expect(measured.circuitShare).toBeCloseTo(referenceMeasures(add, memorizer, additive).circuitShare, 4);
  });

  it('a mixture of a circuit and noise matches the float64 reference', async () => {
    const rng = Rng.fromSeed(11);
    const noise = new Map(add.map((pair) => [pair, Array.from({ length: P }, () => rng.uniform() * 4 - 2)]));
    const mixture = (pair: Pair) => noise.get(pair)!.map((v, c) => v + 3 * Math.cos((2 * Math.PI * 2 * (pair.a + pair.b - c)) / P) + Math.sin((2 * Math.PI * 7 * (pair.a + pair.b - c)) / P));
    expectMatch(await graphMeasures(add, mixture, additive), referenceMeasures(add, mixture, additive));
  });

  it('a perfect multiplication table scores share 1 only after the discrete-log reindexing', async () => {
    const mul = pairs((a, b) => (a * b) % P);
    const order = residueOrder(P, 'multiplicative');
    const logIndex = new Map(Array.from(order, (residue, j) => [residue, j]));
    const discreteLog = (r: number) => logIndex.get(r) ?? -1;
    const circuit = (pair: Pair) =>
      Array.from({ length: P }, (_, c) => (pair.a * pair.b === 0 || c === 0 ? 0 : 5 * Math.cos((2 * Math.PI * 3 * (discreteLog(pair.c) - discreteLog(c))) / (P - 1))));
    const reindexed = await graphMeasures(mul, circuit, discreteLog);
    expect(reindexed.circuitShare).toBeCloseTo(1, 4);
    expectMatch(reindexed, referenceMeasures(mul, circuit, discreteLog));
    const inResidueOrder = await graphMeasures(mul, circuit, additive);
    expect(inResidueOrder.circuitShare).toBeLessThan(0.5);
  });
});
