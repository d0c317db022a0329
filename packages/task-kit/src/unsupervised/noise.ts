import { numel } from '@grokbench/graph';
import type { HostTensor } from '@grokbench/graph';
import type { Rng } from '../rng.js';

/**
 * Standard-normal noise [shape] for step `step`, from a stream split off the run's batch stream by
 * the step number: the same step always gets the same noise, so a resumed run continues exactly
 * (the Experiment contract's rule for `nextBatch`). Box–Muller; 1 − u keeps log's argument in (0, 1].
 */
export function standardNormalNoise(rng: Rng, step: number, shape: readonly number[], stream = 'noise'): HostTensor {
  const source = rng.split(`${stream}/${step}`);
  const data = new Float32Array(numel(shape));
  for (let i = 0; i < data.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - source.uniform()));
    const angle = 2 * Math.PI * source.uniform();
    data[i] = radius * Math.cos(angle);
    if (i + 1 < data.length) data[i + 1] = radius * Math.sin(angle);
  }
  return { dtype: 'float32', shape, data };
}
