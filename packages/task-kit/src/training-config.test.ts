import { describe, expect, it } from 'vitest';
import { ConfigError, mergeConfig, parseConfig, trainingConfigSchema } from './training-config.js';

describe('mergeConfig', () => {
  it('overrides field by field, later layers winning', () => {
    const merged = mergeConfig({ optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 1 }, steps: 10 }, { optimizer: { lr: 3e-3 } }, { steps: 20 });
    expect(merged).toEqual({ optimizer: { kind: 'adamw', lr: 3e-3, weightDecay: 1 }, steps: 20 });
  });

  it('replaces an object whose kind changes instead of mixing two kinds', () => {
    const merged = mergeConfig({ model: { kind: 'mlp', hidden: 256 } }, { model: { kind: 'transformer', layers: 1 } });
    expect(merged).toEqual({ model: { kind: 'transformer', layers: 1 } });
  });

  it('lets null clear an object (a method without a filter)', () => {
    expect(mergeConfig({ filter: { kind: 'grokfast-ema', alpha: 0.9, lambda: 2 } }, { filter: null })).toEqual({ filter: null });
  });
});

describe('parseConfig', () => {
  it('fills defaults and names the first bad field in one line', () => {
    const ok = parseConfig(trainingConfigSchema, { optimizer: { kind: 'adam', lr: 1e-3 }, steps: 5 }, 'test');
    expect(ok).toMatchObject({ batchSize: null, filter: null, optimizer: { beta1: 0.9, beta2: 0.999, weightDecay: 0 } });
    expect(() => parseConfig(trainingConfigSchema, { optimizer: { kind: 'adam', lr: -1 }, steps: 5 }, 'test')).toThrow(ConfigError);
    expect(() => parseConfig(trainingConfigSchema, { optimizer: { kind: 'adam', lr: -1 }, steps: 5 }, 'test')).toThrow(/^test: optimizer\.lr: /);
    expect(() => parseConfig(trainingConfigSchema, { optimizer: { kind: 'adam', lr: 1 }, steps: 5, typo: 1 }, 'test')).toThrow(/typo/);
  });

  it('takes a cosine anneal with a positive length and a floor in [0, 1], and nothing else', () => {
    const parse = (cosineAnneal: unknown) => parseConfig(trainingConfigSchema, { optimizer: { kind: 'adamw', lr: 1e-3, cosineAnneal }, steps: 5 }, 'test');
    expect(parse({ steps: 100, floor: 0.1 }).optimizer.cosineAnneal).toEqual({ steps: 100, floor: 0.1 });
    expect(parse(null).optimizer.cosineAnneal).toBeNull();
    expect(() => parse({ steps: 0, floor: 0.1 })).toThrow(/^test: optimizer\.cosineAnneal\.steps: /);
    expect(() => parse({ steps: 100, floor: 1.5 })).toThrow(/^test: optimizer\.cosineAnneal\.floor: /);
    expect(() => parse({ steps: 100, floor: 0.1, shape: 'linear' })).toThrow(/shape/);
  });
});
