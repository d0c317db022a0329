import { METHODS, Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { s5, tasks } from './index.js';

describe('the s5 task', () => {
  it.each(Object.keys(s5.presets))('preset %s parses, alone and under every method', (name) => {
    const preset = s5.presets[name];
    expect(preset.source).toBeTruthy();
    for (const method of [undefined, ...Object.values(METHODS)]) {
      const raw = mergeConfig(preset.config, method?.config, method && preset.methods?.[method.id]);
      expect(() => parseConfig(s5.configSchema, raw, `s5 ${name}`)).not.toThrow();
    }
  });

  it('dumps permutations as arrays with their split', () => {
    const config = parseConfig(s5.configSchema, mergeConfig(s5.presets.quick.config), 's5');
    const dump = s5.dataset(config, Rng.fromSeed(0));
    expect(dump.examples.length).toBe(14_400);
    const first = dump.examples[1];
    expect(first.a).toEqual([0, 1, 2, 3, 4]);
    expect(first.b).toEqual([0, 1, 2, 4, 3]);
    expect(first.answer).toEqual([0, 1, 2, 4, 3]);
    expect(dump.examples.filter((e) => e.split === 'train').length).toBe(Math.floor(config.data.trainFraction * 14_400));
    expect(tasks).toEqual([s5]);
  });
});
