import { Graph, add, cast, div, equal, greater, less, logSoftmax, matmul, mul, neg, reshape, sub, sum, type Tensor } from '@grokbench/graph';
import type { CompanionSeries } from '../task.js';

/**
 * Nanda et al. (2023, §5.1) read a modular-arithmetic network's logits as a sum of waves
 * cos/sin(2πk(a∘b − c)/n) over the inputs' group (Z_p for addition, Z_(p−1) after the discrete-log
 * reindexing for multiplication), plus whatever memorizes. These measures split a logit table over
 * every (a, b) pair and answer c into the part along the key frequencies' 2K directions and the
 * rest:
 * - circuit share: the share of the table's centred energy in those directions. A memorizer, whose
 *   only structure is a peak at c = a∘b on its training pairs, scores about
 *   train fraction × 2K/n there; a Fourier circuit scores near 1.
 * - restricted loss: the training loss of the logits kept to those directions; it falls as the
 *   circuit forms.
 * - excluded loss: the training loss with those directions removed; it rises as the circuit takes
 *   over fitting the training set from memorization.
 *
 * Key frequencies are chosen online: at each evaluation, the K frequencies whose directions hold
 * the most energy of the table as it is then. Nanda et al. chose them post hoc from the final
 * checkpoint; a benchmark cannot look ahead, and the online choice is the measure a run can record
 * while it trains. Early on the "key" frequencies are then the largest of random ones, which
 * is what makes a memorizer's share train fraction × 2K/n rather than 0.
 *
 * Everything is a constant cos/sin matrix times the logits plus elementwise work, inside the
 * evaluation graph.
 */

/** Nanda et al. (2023) found 5 key frequencies in their p = 113 transformer. */
export const KEY_FREQUENCIES = 5;

/** A set of examples whose logits the evaluation graph computes (the training set, the held-out set). */
export interface CircuitRows {
  /** [rows, classes] */
  logits: Tensor;
  /** Per row, the group index of the answer a∘b; −1 for a row outside the group (a or b = 0 under multiplication). */
  target: Int32Array;
  /** Per row, the class to score: given for the training set, whose losses the measures report. */
  labels?: Int32Array;
}

export interface LogitCircuitSpec {
  sets: readonly CircuitRows[];
  /** Per class c, its group index; −1 for a class outside the group (0 under multiplication). */
  classIndex: Int32Array;
  /** The group's order n. */
  order: number;
  keyFrequencies?: number;
}

const frequenciesOf = (n: number) => Math.floor(n / 2);

/** cos/sin(2πk·j/n) for k = 1 … ⌊n/2⌋; sin is 0 at k = n/2 (even n), where the sine wave vanishes. */
function wave(k: number, j: number, n: number): [number, number] {
  const angle = (2 * Math.PI * k * j) / n;
  return [Math.cos(angle), k * 2 === n ? 0 : Math.sin(angle)];
}

/** [classes, 2F]: column (k−1)·2 is cos(2πk·c/n), the next sin, at each class's group index (0 outside it). */
function classBasis(classIndex: Int32Array, n: number): Float32Array {
  const frequencies = frequenciesOf(n);
  const data = new Float32Array(classIndex.length * frequencies * 2);
  classIndex.forEach((j, c) => {
    if (j < 0) return;
    for (let k = 1; k <= frequencies; k++) data.set(wave(k, j, n), c * frequencies * 2 + (k - 1) * 2);
  });
  return data;
}

function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * Per row and frequency, the phase 2πk·t/n of the row's answer t, as [cos, sin] and [sin, −cos]
 * pairs ([rows, F, 2] each): a row's logits project onto cos(2πk(t − c)/n) with weights
 * (cos, sin) on the class waves (cos 2πkc/n, sin 2πkc/n), and onto sin(2πk(t − c)/n) with
 * (sin, −cos). Rows outside the group get zeros: they lie along no direction.
 */
function rowPhases(target: Int32Array, n: number): { along: Float32Array; across: Float32Array } {
  const frequencies = frequenciesOf(n);
  const along = new Float32Array(target.length * frequencies * 2);
  const across = new Float32Array(target.length * frequencies * 2);
  target.forEach((t, i) => {
    if (t < 0) return;
    for (let k = 1; k <= frequencies; k++) {
      const [cos, sin] = wave(k, t, n);
      const at = (i * frequencies + k - 1) * 2;
      along.set([cos, sin], at);
      across.set([sin, -cos], at);
    }
  });
  return { along, across };
}

interface SetTerms {
  rows: CircuitRows;
  along: Tensor;
  across: Tensor;
  /** Σ over rows of ⟨row, cos direction⟩ and ⟨row, sin direction⟩ per frequency, [F] each. */
  cosInner: Tensor;
  sinInner: Tensor;
  centredEnergy: Tensor;
  groupRows: number;
}

function setTerms(g: Graph, name: string, rows: CircuitRows, basis: Tensor, classMask: Tensor, n: number): SetTerms {
  const frequencies = frequenciesOf(n);
  const count = rows.target.length;
  const phases = rowPhases(rows.target, n);
  const along = g.constant(`${name}/along`, phases.along, [count, frequencies, 2]);
  const across = g.constant(`${name}/across`, phases.across, [count, frequencies, 2]);
  const classWaves = reshape(matmul(rows.logits, basis), [count, frequencies, 2]);
  const cosInner = sum(sum(mul(classWaves, along), [2]), [0]);
  const sinInner = sum(sum(mul(classWaves, across), [2]), [0]);
  // Energy of each group row over the group's classes about its mean: Σ_c L² − (Σ_c L)²/n.
  const rowWeights = Float32Array.from(rows.target, (t) => (t < 0 ? 0 : 1));
  const masked = mul(rows.logits, classMask);
  const perRow = sub(sum(mul(masked, masked), [1]), div(mul(sum(masked, [1]), sum(masked, [1])), n));
  const centredEnergy = sum(mul(perRow, g.constant(`${name}/groupRows`, rowWeights, [count])));
  return { rows, along, across, cosInner, sinInner, centredEnergy, groupRows: rowWeights.reduce((a, b) => a + b, 0) };
}

/** Training loss of `logits` on the group rows of a set with labels: mean −log softmax at the label. */
function groupRowLoss(g: Graph, name: string, logits: Tensor, rows: CircuitRows): Tensor {
  const [count, classes] = logits.shape;
  const picked = new Float32Array(count * classes);
  let groupRows = 0;
  rows.target.forEach((t, i) => {
    if (t < 0) return;
    picked[i * classes + rows.labels![i]] = 1;
    groupRows++;
  });
  const chosen = sum(mul(logSoftmax(logits, -1), g.constant(`${name}/picked`, picked, [count, classes])));
  return div(neg(chosen), Math.max(1, groupRows));
}

const sumAll = (tensors: Tensor[]) => tensors.slice(1).reduce((acc, t) => add(acc, t), tensors[0]);

/**
 * The three measures as companion series: circuitShare, restrictedLoss and excludedLoss, the
 * losses on the group rows of the set that carries labels (the training set); circuitShare alone
 * when no set does.
 */
export function logitCircuitMeasures(g: Graph, spec: LogitCircuitSpec, where: string): Record<string, CompanionSeries> {
  const n = spec.order;
  const frequencies = frequenciesOf(n);
  const keys = Math.min(spec.keyFrequencies ?? KEY_FREQUENCIES, frequencies);
  const classes = spec.classIndex.length;
  const basisData = classBasis(spec.classIndex, n);
  const basis = g.constant('circuit/classWaves', basisData, [classes, frequencies * 2]);
  const basisT = g.constant('circuit/classWavesT', transposed(basisData, classes, frequencies * 2), [frequencies * 2, classes]);
  const classMask = g.constant('circuit/groupClasses', Float32Array.from(spec.classIndex, (j) => (j < 0 ? 0 : 1)), [classes]);
  const terms = spec.sets.map((rows, i) => setTerms(g, `circuit/set${i}`, rows, basis, classMask, n));

  // ‖cos direction‖² over the table = group rows × n/2 (× n at the Nyquist frequency, whose sine is 0).
  const groupRows = terms.reduce((acc, t) => acc + t.groupRows, 0);
  const norms = Float32Array.from({ length: frequencies }, (_, i) => Math.max(1, groupRows * (2 * (i + 1) === n ? n : n / 2)));
  const norm = g.constant('circuit/directionNorms', norms, [frequencies]);
  const cosCoef = div(sumAll(terms.map((t) => t.cosInner)), norm);
  const sinCoef = div(sumAll(terms.map((t) => t.sinInner)), norm);
  const energy = mul(add(mul(cosCoef, cosCoef), mul(sinCoef, sinCoef)), norm); // [F]

  // Key frequencies: the `keys` with the most energy. A frequency's rank is how many hold more, ties
  // going to the lower frequency, so exactly `keys` are chosen even when energies tie (a memorizer's do).
  const others = reshape(energy, [1, frequencies]);
  const self = reshape(energy, [frequencies, 1]);
  const lowerFrequency = Float32Array.from({ length: frequencies * frequencies }, (_, i) => (i % frequencies < Math.floor(i / frequencies) ? 1 : 0));
  const tiesAhead = mul(cast(equal(others, self), 'float32'), g.constant('circuit/lowerFrequency', lowerFrequency, [frequencies, frequencies]));
  const rank = sum(add(cast(greater(others, self), 'float32'), tiesAhead), [1]);
  const isKey = cast(less(rank, keys), 'float32');
  const totalEnergy = sumAll(terms.map((t) => t.centredEnergy));
  const circuitShare = div(sum(mul(energy, isKey)), add(totalEnergy, 1e-30));

  const keyCount = `${keys} key frequenc${keys === 1 ? 'y' : 'ies'}, the largest at each evaluation`;
  const share: CompanionSeries = {
    value: circuitShare,
    better: 'higher',
    description: `share of ${where}’s centred energy along cos/sin(2πk(a∘b − c)/n) of its ${keyCount}`,
    // The circuit's timing is read here rather than from an embedding's IPR: the share is a property
    // of the function the network computes, the same for an MLP, a transformer's residual stream
    // (whose units mix frequencies, so a per-unit IPR stays low), a policy and a decoder.
    marksCircuit: true,
  };
  const trainSets = terms.filter((t) => t.rows.labels);
  if (trainSets.length > 1) throw new Error('logit circuit: at most one set may carry training labels');
  // Without labels (a table that is not a classifier's logits) there is no loss to restrict.
  if (trainSets.length === 0) return { circuitShare: share };
  const train = trainSets[0];
  const keyCos = reshape(mul(cosCoef, isKey), [frequencies, 1]);
  const keySin = reshape(mul(sinCoef, isKey), [frequencies, 1]);
  const coefficients = add(mul(train.along, keyCos), mul(train.across, keySin));
  const restricted = matmul(reshape(coefficients, [train.rows.target.length, frequencies * 2]), basisT);
  const excluded = sub(train.rows.logits, restricted);
  return {
    circuitShare: share,
    restrictedLoss: { value: groupRowLoss(g, 'circuit/restricted', restricted, train.rows), better: 'lower', description: `training loss of ${where} kept to its ${keyCount}` },
    excludedLoss: { value: groupRowLoss(g, 'circuit/excluded', excluded, train.rows), better: 'higher', description: `training loss of ${where} without its ${keyCount}` },
  };
}
