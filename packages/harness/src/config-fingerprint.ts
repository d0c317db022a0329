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

/**
 * Config fields added after runs were recorded, with the value that reproduces those runs (not
 * always the schema's default today): at that value a field is left out of the fingerprint, so the
 * runs recorded before it existed keep their ids and entries; set to anything else it makes a
 * configuration of its own.
 */
const FIELDS_ADDED_LATER: readonly { path: readonly [string, string]; default: unknown; newSection?: true }[] = [
  { path: ['model', 'crossEntropy'], default: 'log-softmax' },
  // The gridworld's shaping before the exact potential-based form existed.
  { path: ['objective', 'shapingForm'], default: 'step-difference' },
  { path: ['data', 'goals'], default: 'modular' },
  { path: ['objective', 'uniformKlDecay'], default: null },
  { path: ['optimizer', 'cosineAnneal'], default: null },
  { path: ['data', 'ceiling'], default: false },
  { path: ['objective', 'betaWarmup'], default: null },
  { path: ['objective', 'importanceSamples'], default: 1 },
  // Added with densitySamples, before any density run was recorded: 1 keeps those ids too.
  { path: ['evaluation', 'proposalScale'], default: 1, newSection: true },
  // The VAEs' scores before density estimates; the section came with the field, so it goes too.
  { path: ['evaluation', 'densitySamples'], default: null, newSection: true },
];

function withoutLateDefaults(config: Record<string, unknown>): Record<string, unknown> {
  let result = config;
  for (const { path: [section, field], default: fallback, newSection } of FIELDS_ADDED_LATER) {
    const parent = result[section] as Record<string, unknown> | undefined;
    if (!parent || typeof parent !== 'object' || !(field in parent) || parent[field] !== fallback) continue;
    const { [field]: _atDefault, ...rest } = parent;
    if (newSection && Object.keys(rest).length === 0) {
      const { [section]: _emptied, ...others } = result;
      result = others;
    } else {
      result = { ...result, [section]: rest };
    }
  }
  return result;
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
  const { steps: _budget, ...curveDefining } = withoutLateDefaults(withoutCadence(config));
  const adapter = engine.adapter ? { adapter: engine.adapter.description } : {};
  return digest({ config: curveDefining, name: engine.name, device: engine.device, threads: engine.threads, ...adapter });
}

/**
 * Fingerprint of one resolved configuration, which a leaderboard entry holds the runs of: the curve
 * fingerprint, so the step budget is not part of it (runs that differ only in budget are one entry,
 * each keeping its own `config.steps`), and it is the fingerprint the entry's run ids end with.
 */
export function configIdOf(run: { config: object; engine: EngineIdentity }): string {
  return curveFingerprint(run.config, run.engine);
}

/**
 * configIdOf as files written before budgets shared an entry computed it (the budget included).
 * Only recognized when reading such a file, whose entries are then regrouped by configIdOf.
 */
export function budgetedConfigIdOf(run: { config: object; engine: EngineIdentity }): string {
  return digest({ curve: curveFingerprint(run.config, run.engine), steps: (run.config as { steps?: unknown }).steps });
}
