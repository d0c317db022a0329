import { METHODS, mergeConfig, parseConfig, type Task } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { modularMul, tasks } from './index.js';

describe('modular presets', () => {
  const cases = tasks.flatMap((task: Task) => Object.keys(task.presets).map((name) => [task.id, name, task] as const));

  it.each(cases)('%s %s parses, alone and under every method', (_id, name, task) => {
    const preset = task.presets[name];
    expect(preset.source).toBeTruthy();
    expect(() => parseConfig(task.configSchema, mergeConfig(preset.config), task.id)).not.toThrow();
    for (const method of Object.values(METHODS)) {
      const raw = mergeConfig(preset.config, method.config, preset.methods?.[method.id]);
      expect(() => parseConfig(task.configSchema, raw, `${task.id} ${name} ${method.id}`)).not.toThrow();
    }
  });

  it('every task has a quick preset; nanda2023 is on addition and grokfast2024 on multiplication', () => {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    expect([...byId.keys()]).toEqual(['modular-add', 'modular-sub', 'modular-div', 'modular-mul']);
    for (const task of tasks) expect(Object.keys(task.presets)).toContain('quick');
    expect(Object.keys(byId.get('modular-add')!.presets)).toContain('nanda2023');
    expect(Object.keys(byId.get('modular-mul')!.presets)).toContain('grokfast2024');
  });

  it('grokfast2024 trains on b ≠ 0 with coupled Adam and tunes weight decay per filter', () => {
    const mul = modularMul;
    const preset = mul.presets.grokfast2024;
    const base = parseConfig(mul.configSchema, mergeConfig(preset.config), 'mul');
    expect(base.data.excludeZeroRight).toBe(true);
    expect(base.optimizer.kind).toBe('adam');
    const ema = parseConfig(mul.configSchema, mergeConfig(preset.config, METHODS['grokfast-ema'].config, preset.methods!['grokfast-ema']), 'mul');
    expect(ema.optimizer.weightDecay).toBe(0.005);
    expect(ema.filter).toEqual({ kind: 'grokfast-ema', alpha: 0.98, lambda: 2 });
  });
});
