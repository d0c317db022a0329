import type { Rng } from '../rng.js';
import { ConfigError } from '../training-config.js';

export interface Split {
  /** Example indices in the training set, in shuffled order. */
  train: Int32Array;
  heldout: Int32Array;
}

/**
 * Shuffles all `count` example indices and takes the first ⌊fraction·count⌋ for training. Callers
 * pass `rng.split('split')`, so the split depends on the seed alone and not on any other draw.
 */
export function splitExamples(count: number, trainFraction: number, rng: Rng): Split {
  const trainSize = Math.floor(trainFraction * count);
  if (trainSize < 1 || trainSize >= count) {
    const side = trainSize < 1 ? 'training' : 'held-out';
    throw new ConfigError(`data.trainFraction ${trainFraction} of ${count} examples leaves the ${side} set empty (accepted: at least 1/${count} and below 1 − 1/${count})`);
  }
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  return { train: Int32Array.from(order.slice(0, trainSize)), heldout: Int32Array.from(order.slice(trainSize)) };
}
