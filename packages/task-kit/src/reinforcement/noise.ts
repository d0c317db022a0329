import type { HostTensor } from '@grokbench/graph';
import type { Rng } from '../rng.js';

/**
 * Uniform noise in (0, 1) [shape] for step `step`, from a stream split off the run's batch stream by
 * the step number: the same step always gets the same noise, so a resumed run continues exactly (the
 * Experiment contract's rule for `nextBatch`). The open interval keeps Gumbel's −log(−log u) finite.
 */
export function uniformNoise(rng: Rng, step: number, shape: readonly number[], stream = 'uniform'): HostTensor {
  const source = rng.split(`${stream}/${step}`);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  const tiny = 2 ** -24;
  for (let i = 0; i < size; i++) data[i] = Math.min(1 - tiny, Math.max(tiny, source.uniform()));
  return { dtype: 'float32', shape, data };
}
