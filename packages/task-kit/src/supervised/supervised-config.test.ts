import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../training-config.js';
import { buildSupervisedConfigSchema } from './supervised-config.js';

const schema = buildSupervisedConfigSchema({ p: z.number().int().default(97) });
const minimal = { optimizer: { kind: 'adamw', lr: 1e-3 }, steps: 10, model: { kind: 'mlp' } };

describe('buildSupervisedConfigSchema', () => {
  it('fills the defaults of data, model and training fields', () => {
    const config = parseConfig(schema, minimal, 'test');
    expect(config.data).toEqual({ trainFraction: 0.5, format: 'a op b =', p: 97 });
    expect(config.model).toEqual({ kind: 'mlp', hidden: 256, depth: 1, activation: 'relu', biases: false, crossEntropy: 'log-softmax' });
    expect(config.batchSize).toBeNull();
  });

  it('takes the non-cancelling cross-entropy as a model option, and refuses an unknown form', () => {
    expect(parseConfig(schema, { ...minimal, model: { kind: 'mlp', crossEntropy: 'non-cancelling' } }, 'test').model.crossEntropy).toBe('non-cancelling');
    expect(() => parseConfig(schema, { ...minimal, model: { kind: 'mlp', crossEntropy: 'float64' } }, 'test')).toThrow(/crossEntropy/);
  });

  it('rejects unknown keys at every level', () => {
    expect(() => parseConfig(schema, { ...minimal, extra: 1 }, 'test')).toThrow(ConfigError);
    expect(() => parseConfig(schema, { ...minimal, data: { q: 5 } }, 'test')).toThrow(/data/);
    expect(() => parseConfig(schema, { ...minimal, model: { kind: 'mlp', hiden: 5 } }, 'test')).toThrow(/model/);
    expect(() => parseConfig(schema, { ...minimal, model: { kind: 'cnn' } }, 'test')).toThrow(/model/);
  });

  it('keeps trainFraction strictly inside (0, 1)', () => {
    for (const trainFraction of [0, 1, -0.1, 1.5]) {
      expect(() => parseConfig(schema, { ...minimal, data: { trainFraction } }, 'test')).toThrow(/data\.trainFraction/);
    }
    expect(parseConfig(schema, { ...minimal, data: { trainFraction: 0.999 } }, 'test').data.trainFraction).toBe(0.999);
  });
});
