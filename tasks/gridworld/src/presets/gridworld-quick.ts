import type { Preset } from '@grokbench/trainer';

/** PILOT VALUES — replaced by measured ones below. */
export const quick: Preset = {
  description: 'pilot',
  source: 'grokbench measurement (tasks/gridworld/src/presets/gridworld-quick.ts)',
  config: {
    data: { world: 'torus', n: 11, trainFraction: 0.5, evalStarts: 8 },
    model: { kind: 'policy-mlp', hidden: 128, activation: 'relu', initScale: 1, outputScale: 1 },
    objective: { kind: 'reinforce', episodes: 256, groupSize: 4, gamma: 1, shaping: 1, entropy: 0 },
    optimizer: { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, warmupSteps: 0 },
    filter: null,
    batchSize: null,
    steps: 5_000,
    evalEvery: 50,
    patience: 200,
  },
};
