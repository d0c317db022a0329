import { squaredDistances } from './digit-images.js';

/**
 * The density of a perfect memorizer of the training images: a Parzen window (Gaussian kernel
 * density estimate) with a kernel N(x_i, σ²·I) on every training image x_i,
 *   log p_mem(x) = log (1/N) Σ_i N(x; x_i, σ²·I),
 * with σ² the one that maximizes the training images' leave-one-out log-likelihood (the best any
 * such memorizer can do on images it has not seen). It is the baseline the VAE's density has to
 * beat on an image to count as modelling it, not recalling the training set: a training image is
 * scored against the memorizer without itself (leave-one-out), a held-out image against all of it.
 * All in float64 on the host, once per run.
 */
export interface MemorizerDensity {
  /** The kernel variance per pixel chosen by leave-one-out likelihood. */
  variance: number;
  /** log p_mem of each training image, leaving the image itself out, nats. */
  train: Float64Array;
  /** log p_mem of each held-out image, nats. */
  heldout: Float64Array;
}

/** Candidate kernel variances per pixel: 1e-4 to 1, 8 per decade. */
const VARIANCES = Array.from({ length: 33 }, (_, i) => 10 ** (-4 + i / 8));

/**
 * Each row of `distances` [rows, m] sorted ascending, without column `skip(row)` (the image itself
 * for leave-one-out): then a kernel sum can stop once its terms fall below e^−CUTOFF of the largest.
 */
function sortedRows(distances: Float64Array, m: number, skip: (row: number) => number): Float64Array[] {
  return Array.from({ length: distances.length / m }, (_, row) => {
    const values = Array.from(distances.subarray(row * m, (row + 1) * m)).filter((_, j) => j !== skip(row));
    return Float64Array.from(values).sort();
  });
}

/** Terms below e^−60 of the largest change a sum of at most 10⁴ of them by less than 1e-22 relative. */
const CUTOFF = 60;

/** log (1/count) Σ_j exp(−d_j / 2σ²) − (D/2) log 2πσ² for one image's sorted squared distances d to the kernels' centres. */
function kernelLogDensity(sorted: Float64Array, variance: number, size: number): number {
  const nearest = sorted[0];
  let total = 0;
  for (let j = 0; j < sorted.length; j++) {
    const exponent = (sorted[j] - nearest) / (2 * variance);
    if (exponent > CUTOFF) break;
    total += Math.exp(-exponent);
  }
  return -nearest / (2 * variance) + Math.log(total / sorted.length) - (size / 2) * Math.log(2 * Math.PI * variance);
}

/** `heldoutDistances`: squaredDistances(heldoutPixels, trainPixels), when the caller already has them. */
export function memorizerDensity(
  trainPixels: Float32Array,
  heldoutPixels: Float32Array,
  size: number,
  heldoutDistances = squaredDistances(heldoutPixels, trainPixels, size),
): MemorizerDensity {
  const n = trainPixels.length / size;
  if (n < 2) throw new Error('memorizerDensity: needs at least two training images (leave-one-out)');
  const others = sortedRows(squaredDistances(trainPixels, trainPixels, size), n, (row) => row);
  const leaveOneOut = (variance: number) => Float64Array.from(others, (sorted) => kernelLogDensity(sorted, variance, size));
  const totalOf = (values: Float64Array) => values.reduce((s, v) => s + v, 0);
  const totals = VARIANCES.map((v) => totalOf(leaveOneOut(v)));
  const variance = VARIANCES[totals.indexOf(Math.max(...totals))];
  const all = sortedRows(heldoutDistances, n, () => -1);
  const heldout = Float64Array.from(all, (sorted) => kernelLogDensity(sorted, variance, size));
  return { variance, train: leaveOneOut(variance), heldout };
}
