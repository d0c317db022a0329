import { createHash } from 'node:crypto';
import { trainingConfigSchema } from '@grokbench/task-kit';
import type { EngineInfo } from '@grokbench/trainer';

type EngineIdentity = Pick<EngineInfo, 'name' | 'device' | 'threads' | 'adapter'>;

/**
 * Checkpoint cadence decides only how much work a crash loses, never the curve (resume is exact),
 * so it is set to the schema's defaults before hashing: changing it keeps the run id, and run ids
 * recorded before this rule (which hashed the defaults) stay valid.
 */
function withoutCadence(config: object): Record<string, unknown> {
  return {
    ...(config as Record<string, unknown>),
    checkpointEvery: trainingConfigSchema.shape.checkpointEvery.parse(undefined),
    checkpointSeconds: trainingConfigSchema.shape.checkpointSeconds.parse(undefined),
  };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}

/**
 * Fingerprint of what determines a run's curve: the resolved config (the step budget aside, so a
 * finished run can be extended with --resume --steps N), the engine, device and thread count, and
 * on a GPU the adapter (a lavapipe run and an H100 run are different entries). CPU fingerprints
 * hash no adapter, so they are the ones recorded before GPUs existed here.
 */
export function curveFingerprint(config: object, engine: EngineIdentity): string {
  const { steps: _budget, ...curveDefining } = withoutCadence(config);
  const adapter = engine.adapter ? { adapter: engine.adapter.description } : {};
  return digest({ config: curveDefining, name: engine.name, device: engine.device, threads: engine.threads, ...adapter });
}

/**
 * Fingerprint of one resolved configuration, the step budget included: a leaderboard entry holds
 * the runs of one such configuration, so runs with other settings are never mixed into its medians.
 */
export function configIdOf(run: { config: object; engine: EngineIdentity }): string {
  return digest({ curve: curveFingerprint(run.config, run.engine), steps: (run.config as { steps?: unknown }).steps });
}
