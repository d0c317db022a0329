import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configIdOf, curveFingerprint } from './config-fingerprint.js';
import { syntheticRun } from './leaderboard/test-runs.js';

const { config, engine } = syntheticRun();

describe('curveFingerprint', () => {
  it('ignores checkpoint cadence and the step budget, which cannot change the curve', () => {
    const fingerprint = curveFingerprint(config, engine);
    expect(curveFingerprint({ ...config, checkpointEvery: 7, checkpointSeconds: 0 }, engine)).toBe(fingerprint);
    expect(curveFingerprint({ ...config, steps: 99_000 }, engine)).toBe(fingerprint);
  });

  it('changes with every setting that can change the curve', () => {
    const fingerprint = curveFingerprint(config, engine);
    expect(curveFingerprint({ ...config, optimizer: { ...config.optimizer, lr: 0.002 } }, engine)).not.toBe(fingerprint);
    expect(curveFingerprint({ ...config, patience: 500 }, engine)).not.toBe(fingerprint);
    expect(curveFingerprint({ ...config, evalEvery: 50 }, engine)).not.toBe(fingerprint);
    expect(curveFingerprint(config, { ...engine, threads: 1 })).not.toBe(fingerprint);
    expect(curveFingerprint(config, { ...engine, name: 'tfjs' })).not.toBe(fingerprint);
  });

  it('keeps the run ids recorded before cadence was left out (they hashed the default cadence)', () => {
    const { steps: _steps, ...rest } = config;
    const before = createHash('sha256').update(JSON.stringify({ config: rest, name: 'ort', device: 'cpu', threads: 2 })).digest('hex').slice(0, 8);
    expect(curveFingerprint(config, engine)).toBe(before);
  });
});

describe('configIdOf', () => {
  it('tells step budgets apart, unlike the run id', () => {
    expect(configIdOf({ config: { ...config, steps: 400 }, engine })).not.toBe(configIdOf({ config, engine }));
    expect(configIdOf({ config: { ...config, checkpointEvery: 5 }, engine })).toBe(configIdOf({ config, engine }));
  });
});
