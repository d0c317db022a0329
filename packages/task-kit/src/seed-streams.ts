import { Rng } from './rng.js';

/**
 * The independent random streams one run's seed splits into: `data` for the task (its split and
 * sampling of the data itself), `init` for the parameters and `batches` for the feeds of each
 * step. Every place that turns a seed into a run goes through here, so a run, a benchmark, a
 * dataset dump and a test of the same seed see the same data and the same initial parameters.
 */
export interface SeedStreams {
  data: Rng;
  init: Rng;
  batches: Rng;
}

export function seedStreams(seed: number): SeedStreams {
  const root = Rng.fromSeed(seed);
  return { data: root.split('data'), init: root.split('init'), batches: root.split('batches') };
}
