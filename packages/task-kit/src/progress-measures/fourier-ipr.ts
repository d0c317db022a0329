import { Graph, add, div, gather, matmul, mul, reshape, sum, type Tensor } from '@grokbench/graph';
import type { CompanionSeries } from '../task.js';

/**
 * The real Fourier basis over a cyclic group of order n, without the constant (k = 0) component:
 * for each frequency k = 1 … ⌊n/2⌋ a cosine and a sine row (the sine row is 0 at k = n/2 for even n,
 * where sin(πj) vanishes). Shape [frequencies, 2, n], row-major.
 */
export function fourierBasis(n: number): { data: Float32Array; frequencies: number } {
  const frequencies = Math.floor(n / 2);
  const data = new Float32Array(frequencies * 2 * n);
  for (let k = 1; k <= frequencies; k++) {
    for (let j = 0; j < n; j++) {
      const angle = (2 * Math.PI * k * j) / n;
      data[((k - 1) * 2 + 0) * n + j] = Math.cos(angle);
      data[((k - 1) * 2 + 1) * n + j] = k * 2 === n ? 0 : Math.sin(angle);
    }
  }
  return { data, frequencies };
}

/**
 * Fourier inverse participation ratio of an embedding table indexed by residue (Gromov 2023;
 * Doshi et al. 2023): for each hidden unit h, the power P_kh of its column at each non-constant
 * frequency k of the group (`order` lists the table's rows in group order), and
 * IPR_h = Σ_k P_kh² / (Σ_k P_kh)² — 1 when all of a unit's power sits in one frequency, about
 * 2 / (number of frequencies) for a random column. Averaged over units weighted by Σ_k P_kh, so
 * units with no structured power (dead or constant ones) do not count. Built from constants and
 * matmuls, so it costs one small matmul per evaluation.
 */
export function fourierIpr(g: Graph, name: string, table: Tensor, order: Int32Array): Tensor {
  const n = order.length;
  const hidden = table.shape[1];
  const basis = fourierBasis(n);
  const rows = gather(table, g.constant(`${name}/order`, order, [n], 'int32'));
  const projected = matmul(g.constant(`${name}/basis`, basis.data, [basis.frequencies * 2, n]), rows);
  const squared = reshape(mul(projected, projected), [basis.frequencies, 2, hidden]);
  const power = sum(squared, [1]); // [frequencies, hidden]
  const perUnit = sum(power, [0]); // Σ_k P_kh
  const concentrated = sum(mul(power, power), [0]); // Σ_k P_kh²
  // Σ_h w_h · IPR_h / Σ_h w_h with w_h = Σ_k P_kh: Σ_h (Σ_k P²)/(Σ_k P) / Σ_h Σ_k P.
  const tiny = 1e-30;
  return div(sum(div(concentrated, add(perUnit, tiny))), add(sum(perUnit), tiny));
}

/** The same measure on the host in float64, by a direct DFT: the independent reference for tests. */
export function fourierIprOfTable(table: ArrayLike<number>, rows: number, hidden: number, order: ArrayLike<number>): number {
  const n = order.length;
  let weighted = 0;
  let total = 0;
  for (let h = 0; h < hidden; h++) {
    let sumP = 0;
    let sumP2 = 0;
    for (let k = 1; k <= Math.floor(n / 2); k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const value = table[order[j] * hidden + h];
        re += value * Math.cos((2 * Math.PI * k * j) / n);
        im += k * 2 === n ? 0 : value * Math.sin((2 * Math.PI * k * j) / n);
      }
      const power = re * re + im * im;
      sumP += power;
      sumP2 += power * power;
    }
    if (sumP > 0) weighted += sumP2 / sumP;
    total += sumP;
  }
  if (rows <= 0) throw new RangeError('empty table');
  return total > 0 ? weighted / total : 0;
}

/** Rows of a parameter that form a residue table: `order` lists them in group order (offsets included). */
export interface ResidueRows {
  table: Tensor;
  order: Int32Array;
}

/** The parameter named `name`; one not in the graph is a bug in the task that measures it. */
export function paramTensor(g: Graph, name: string): Tensor {
  const param = g.params.find((p) => p.tensor.name === name);
  if (!param) throw new Error(`progress measures: the graph has no parameter ${name}`);
  return param.tensor;
}

/** The residue rows of the parameters named `names`, each in `order`. */
export function residueRowsOf(g: Graph, names: readonly string[], order: Int32Array): ResidueRows[] {
  return names.map((name) => ({ table: paramTensor(g, name), order }));
}

/**
 * The companion series every task with residue tables records: their Fourier IPRs, averaged. One
 * definition for a classifier's operand embeddings, a policy's configuration encoder and a VAE's
 * encoder rows, so the paradigms' curves are the same measure.
 */
export function embeddingFourierIpr(g: Graph, sources: readonly ResidueRows[], where: string): CompanionSeries {
  const iprs = sources.map((source, i) => fourierIpr(g, `progress/ipr_${i}`, source.table, source.order));
  const total = iprs.slice(1).reduce((acc, ipr) => add(acc, ipr), iprs[0]);
  return {
    value: mul(total, 1 / iprs.length),
    better: 'higher',
    description: `Fourier IPR of ${where}: 1 when each unit uses one frequency, ≈ 4/(n − 1) at random`,
  };
}
