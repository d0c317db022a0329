import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { budgetedConfigIdOf, configIdOf, curveFingerprint } from './config-fingerprint.js';
import type { RunRecord } from './run-record.js';
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
    // Those configs also predate optimizer.cosineAnneal, which at null is left out of the hash.
    const { steps: _steps, optimizer: { cosineAnneal: _anneal, ...optimizer }, ...rest } = config;
    const before = createHash('sha256').update(JSON.stringify({ config: { optimizer, ...rest }, name: 'ort', device: 'cpu', threads: 2 })).digest('hex').slice(0, 8);
    expect(curveFingerprint(config, engine)).toBe(before);
  });

  it('a field added later keeps earlier ids at its old value and makes a configuration of its own at any other', () => {
    const fingerprint = curveFingerprint(config, engine);
    const { cosineAnneal: _anneal, ...withoutField } = config.optimizer;
    expect(curveFingerprint({ ...config, optimizer: withoutField }, engine)).toBe(fingerprint);
    expect(curveFingerprint({ ...config, optimizer: { ...config.optimizer, cosineAnneal: { steps: 100, floor: 0.1 } } }, engine)).not.toBe(fingerprint);
  });
});

describe('fields added after runs were recorded', () => {
  it('leave the fingerprint as it was at their default, and change it otherwise', () => {
    const model = (config as unknown as { model: Record<string, unknown> }).model;
    const fingerprint = curveFingerprint(config, engine);
    expect(curveFingerprint({ ...config, model: { ...model, crossEntropy: 'log-softmax' } }, engine)).toBe(fingerprint);
    expect(curveFingerprint({ ...config, model: { ...model, crossEntropy: 'non-cancelling' } }, engine)).not.toBe(fingerprint);
  });

  it('strip the gridworld fields at the values of the runs recorded before them', () => {
    const gridworld = { data: { world: 'ring', n: 23 }, objective: { kind: 'reinforce', gamma: 0, shaping: 11 }, steps: 10 };
    const fingerprint = curveFingerprint(gridworld, engine);
    const withFields = (goals: string, shapingForm: string) => ({ ...gridworld, data: { ...gridworld.data, goals }, objective: { ...gridworld.objective, shapingForm } });
    expect(curveFingerprint(withFields('modular', 'step-difference'), engine)).toBe(fingerprint);
    expect(curveFingerprint(withFields('modular', 'potential'), engine)).not.toBe(fingerprint);
    expect(curveFingerprint(withFields('random', 'step-difference'), engine)).not.toBe(fingerprint);
  });

  it('drop the VAE evaluation section at the scores recorded before it (densitySamples null), and keep it otherwise', () => {
    const vae = { data: { p: 31 }, model: { kind: 'vae-mlp' }, objective: { beta: 0.2 }, steps: 10 };
    const fingerprint = curveFingerprint(vae, engine);
    expect(curveFingerprint({ ...vae, evaluation: { densitySamples: null } }, engine)).toBe(fingerprint);
    expect(curveFingerprint({ ...vae, evaluation: { densitySamples: 64 } }, engine)).not.toBe(fingerprint);
    expect(curveFingerprint({ ...vae, evaluation: { densitySamples: 256 } }, engine)).not.toBe(curveFingerprint({ ...vae, evaluation: { densitySamples: 64 } }, engine));
  });

  it('keep every committed run id: a record without the field, given its default, hashes to the id it ends with', () => {
    for (const file of ['leaderboard.json', 'tuning.json', 'papers.json']) {
      const leaderboard = JSON.parse(fs.readFileSync(new URL(`../../../results/${file}`, import.meta.url), 'utf8')) as { entries: { runs: RunRecord[] }[] };
      for (const run of leaderboard.entries.flatMap((entry) => entry.runs)) {
        // What today's schema resolves a record to: the field at its default unless the record set it.
        const recorded = run.config as unknown as { model: object; data: object; objective?: { kind: string } };
        const resolved: Record<string, unknown> = { ...run.config };
        if (run.task.startsWith('modular')) resolved.model = 'crossEntropy' in recorded.model ? recorded.model : { ...recorded.model, crossEntropy: 'log-softmax' };
        // VAE runs recorded before density scores have no evaluation section: theirs is densitySamples null.
        if (run.task.startsWith('vae') && !('evaluation' in run.config)) resolved.evaluation = { densitySamples: null };
        if (run.task === 'gridworld') {
          resolved.data = 'goals' in recorded.data ? recorded.data : { ...recorded.data, goals: 'modular' };
          // shapingForm's default is not the value earlier runs had, so every recorded REINFORCE run must name its own.
          if (recorded.objective?.kind === 'reinforce') expect(recorded.objective, run.runId).toHaveProperty('shapingForm');
        }
        expect(run.runId.endsWith(curveFingerprint(resolved, run.engine)), run.runId).toBe(true);
      }
    }
  });
});

describe('configIdOf', () => {
  it('leaves the step budget out, as the run id does, and is the fingerprint run ids end with', () => {
    expect(configIdOf({ config: { ...config, steps: 400 }, engine })).toBe(configIdOf({ config, engine }));
    expect(configIdOf({ config: { ...config, checkpointEvery: 5 }, engine })).toBe(configIdOf({ config, engine }));
    expect(configIdOf({ config, engine })).toBe(curveFingerprint(config, engine));
  });

  it('keeps the budget-including form of older files recognizable (budgetedConfigIdOf)', () => {
    expect(budgetedConfigIdOf({ config: { ...config, steps: 400 }, engine })).not.toBe(budgetedConfigIdOf({ config, engine }));
    expect(budgetedConfigIdOf({ config, engine })).not.toBe(configIdOf({ config, engine }));
  });
});

describe('recorded run ids', () => {
  const board = JSON.parse(fs.readFileSync('results/papers.json', 'utf8')) as { entries: { runs: RunRecord[] }[] };
  const runs = board.entries.flatMap((entry) => entry.runs);

  it('are recomputed identically from their records (the grokfast2024 baseline, whose budgets differ, included)', () => {
    expect(runs.map((run) => run.runId)).toContain('modular-mul.grokfast2024.adamw.s0.cb08d161');
    for (const run of runs) {
      expect(`${run.task}.${run.preset}.${run.method}.s${run.seed}.${curveFingerprint(run.config, run.engine)}`).toBe(run.runId);
      expect(run.runId.endsWith(`.${configIdOf(run)}`)).toBe(true);
    }
  });
});
