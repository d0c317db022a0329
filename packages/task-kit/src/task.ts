import type { Graph, Tensor } from '@grokbench/graph';
import type { z } from 'zod';
import type { HostTensor } from '@grokbench/graph';
import type { Rng } from './rng.js';
import type { TrainingConfig } from './training-config.js';

export type Paradigm = 'supervised' | 'reinforcement' | 'unsupervised';

/** A named configuration of a task. Values not given take the config schema's defaults. */
export interface Preset {
  description: string;
  /** Where the values come from: paper, section, reference code. */
  source?: string;
  config: Record<string, unknown>;
  /** Adjustments for particular methods (Grokfast's paper tunes weight decay per filter). */
  methods?: Readonly<Record<string, Record<string, unknown>>>;
}

/**
 * What one run trains and measures, built by a task from a validated config.
 * The two scores in `evaluation` are the currency that makes grokking comparable across
 * paradigms: both in [0, 1], the held-out one with chance level `chance`.
 */
export interface Experiment {
  graph: Graph;
  loss: Tensor;
  /** Scalars computed from the parameters and baked-in data (no feeds). */
  evaluation: { train: Tensor; heldout: Tensor; trainLoss: Tensor; heldoutLoss: Tensor };
  chance: number;
  /**
   * Continuous series recorded beside the scores at every evaluation (curve point `extra`), e.g.
   * the held-out −ELBO or per-state action accuracy: thresholded scores can make a smooth change
   * look like a jump (Levi et al. 2023), so the harness times the transition on these as well.
   */
  companions?: Readonly<Record<string, CompanionSeries>>;
  examplesPerStep: number;
  /**
   * The feeds of 1-based step `step`; {} for full-batch training. It must be a function of `step`
   * and `rng` alone (caching aside): draw randomness from streams split off `rng` by a key such as
   * the step or epoch number, never from state carried between calls. Then a resumed run sees
   * exactly the batches an uninterrupted one would, with nothing extra to checkpoint.
   */
  nextBatch(step: number, rng: Rng): Record<string, HostTensor>;
}

/** A scalar computed like the scores (from the parameters and baked-in data), and which way is better. */
export interface CompanionSeries {
  value: Tensor;
  better: 'higher' | 'lower';
  description: string;
  /**
   * This series' rise marks the circuit forming (a progress measure such as the logit table's
   * circuit share, a fraction in [0, 1]): the harness times it against tGrok (run metrics
   * `circuit`). At most one per experiment.
   */
  marksCircuit?: boolean;
}

/** The generated examples, for anyone to check the data (`grokbench dataset`). */
export interface DatasetDump {
  description: string;
  examples: Record<string, unknown>[];
}

/**
 * A task package exports `tasks: Task[]` from the entry named by the `"grokbench": { "tasks": "./dist/index.js" }`
 * field of its package.json; the harness finds it there and never imports a task by name.
 */
export interface Task<C extends TrainingConfig = TrainingConfig> {
  id: string;
  paradigm: Paradigm;
  description: string;
  /** Validates a merged config and fills defaults; extends the trainer's `trainingConfigSchema`. */
  configSchema: z.ZodType<C>;
  /**
   * The continuous series whose timing must agree with a grokking verdict: the name of one of the
   * experiment's `companions`, or "heldoutLoss" (the default; every curve records it). The
   * harness flags a run whose score says grokking while this series finished improving before
   * the train score fit. Static, so recorded curves can be re-analysed without building the task.
   */
  primaryCompanion?: string;
  /** Named presets; every task has `quick`, small enough for a 2-core machine in seconds. */
  presets: Readonly<Record<string, Preset>>;
  /** Builds the experiment; `rng` is the run's data stream (splits, sampling of the data itself). */
  setup(config: C, rng: Rng): Experiment;
  dataset(config: C, rng: Rng): DatasetDump;
}
