import type { Rng } from '../rng.js';

/**
 * Minibatches drawn without replacement: a permutation of the items per epoch, read as one
 * continuous stream, so every batch is full and every item appears once per epoch. (Dropping or
 * shortening the last batch of an epoch would change the batch size mid-run; the stream keeps the
 * step graph's static shape.) Batch t is a pure function of t and the rng's key — epoch e's
 * permutation comes from `rng.split('epoch e')` — so a resumed run draws exactly the same batches.
 */
export class EpochSampler {
  private cachedEpoch = -1;
  private cachedOrder: Int32Array = new Int32Array(0);

  constructor(private readonly items: Int32Array) {
    if (items.length === 0) throw new Error('EpochSampler: no items to sample');
  }

  /** The items of 1-based step `step` for batches of `size`. */
  batch(step: number, size: number, rng: Rng): Int32Array {
    const out = new Int32Array(size);
    const start = (step - 1) * size;
    for (let i = 0; i < size; i++) {
      const position = start + i;
      out[i] = this.order(Math.floor(position / this.items.length), rng)[position % this.items.length];
    }
    return out;
  }

  private order(epoch: number, rng: Rng): Int32Array {
    if (epoch !== this.cachedEpoch) {
      this.cachedOrder = Int32Array.from(rng.split(`epoch ${epoch}`).shuffle(Array.from(this.items)));
      this.cachedEpoch = epoch;
    }
    return this.cachedOrder;
  }
}
