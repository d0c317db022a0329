import { METHODS } from './methods.js';
import type { Task } from './task.js';
import { ConfigError, mergeConfig, parseConfig, type TrainingConfig } from './training-config.js';

/**
 * A run's config, layered: the task schema's defaults, the preset, the method, the preset's
 * adjustment for that method, then the user's overrides. Every layer is validated together at the
 * end, so a bad value is reported once, naming its field.
 */
export function resolveConfig<C extends TrainingConfig>(
  task: Task<C>,
  presetName: string,
  methodName: string,
  overrides: Record<string, unknown> = {},
): C {
  const preset = task.presets[presetName];
  if (!preset) {
    throw new ConfigError(`task ${task.id} has no preset "${presetName}" (presets: ${Object.keys(task.presets).join(', ')})`);
  }
  const method = METHODS[methodName];
  if (!method) throw new ConfigError(`unknown method "${methodName}" (methods: ${Object.keys(METHODS).join(', ')})`);
  const merged = mergeConfig(preset.config, method.config, preset.methods?.[methodName], overrides);
  return parseConfig(task.configSchema, merged, `${task.id} --preset ${presetName}`);
}
