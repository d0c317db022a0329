import { describe, expect, it } from 'vitest';
import { variantLabel } from './variant-label.js';

const CPU = { engine: 'ort', device: 'cpu' } as const;

describe('variantLabel', () => {
  it('names each changed leaf, the engine and the threads asked for, and nothing that is unchanged', () => {
    const preset = { optimizer: { lr: 1e-3, weightDecay: 1 }, steps: 100, checkpointEvery: 50 };
    const config = { optimizer: { lr: 1e-3, weightDecay: 0 }, steps: 200, checkpointEvery: 10 };
    expect(variantLabel(preset, config, { ...CPU, threads: 1 })).toBe('optimizer.weightDecay=0, steps=200, threads=1');
    expect(variantLabel(preset, preset, CPU)).toBe('');
  });

  it('a field set from null to an object is named by its leaves, not also as removed; and back', () => {
    const preset = { objective: { uniformKl: 0.1, uniformKlDecay: null } };
    const annealed = { objective: { uniformKl: 0.2, uniformKlDecay: { to: 0.02, steps: 10000 } } };
    expect(variantLabel(preset, annealed, CPU)).toBe('objective.uniformKl=0.2, objective.uniformKlDecay.steps=10000, objective.uniformKlDecay.to=0.02');
    expect(variantLabel(annealed, preset, CPU)).toBe('objective.uniformKl=0.1, objective.uniformKlDecay=null');
  });

  it('still names a field the preset has and the config lacks', () => {
    expect(variantLabel({ data: { p: 97, format: 'x' } }, { data: { p: 97 } }, CPU)).toBe('data.format=—');
  });
});
