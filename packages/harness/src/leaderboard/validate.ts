import fs from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { budgetedConfigIdOf } from '../config-fingerprint.js';
import { RUN_SCHEMA, type RunRecord } from '../run-record.js';
import { LeaderboardError } from './leaderboard-error.js';
import { configIdOfEntry, entryKey, entryName, LEADERBOARD_SCHEMA, type Leaderboard } from './leaderboard.js';

/**
 * The JSON Schemas ship in the package's `schemas/` folder, one level above both `src/` and
 * `dist/`, so the same relative URL finds them from the sources (tests) and from the build.
 */
export const SCHEMA_FILES = {
  run: new URL('../../schemas/run.schema.json', import.meta.url),
  leaderboard: new URL('../../schemas/leaderboard.schema.json', import.meta.url),
} as const;

interface Validators {
  run: ValidateFunction;
  leaderboard: ValidateFunction;
}

let compiled: Validators | null = null;

// Compiled on first use, so importing the harness costs no file reads or code generation.
function validators(): Validators {
  if (compiled) return compiled;
  const read = (url: URL): object => JSON.parse(fs.readFileSync(url, 'utf8')) as object;
  // strictNumbers: NaN and ±Infinity are not numbers here, since JSON.stringify would write them as null.
  const ajv = new Ajv2020({ strict: true, strictNumbers: true, allowUnionTypes: true });
  ajv.addSchema(read(SCHEMA_FILES.run));
  compiled = { run: ajv.getSchema('run.schema.json')!, leaderboard: ajv.compile(read(SCHEMA_FILES.leaderboard)) };
  return compiled;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `${where} has unknown property "${String(params.additionalProperty)}"`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

// A file of another kind or version says so plainly instead of failing on some field deep inside.
function checkSchemaTag(x: unknown, expected: string, source: string): void {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new LeaderboardError(`${source}: must be a JSON object (a ${expected} file)`);
  const tag = (x as { schema?: unknown }).schema;
  if (tag === expected) return;
  if (tag === undefined) throw new LeaderboardError(`${source}: has no "schema" field; expected "${expected}"`);
  throw new LeaderboardError(`${source}: schema is ${JSON.stringify(tag)}, expected "${expected}"`);
}

function check(validate: ValidateFunction, x: unknown, source: string): void {
  if (validate(x)) return;
  throw new LeaderboardError(`${source}: ${describeError(validate.errors![0])}`);
}

/** Throws LeaderboardError (one line: source, path, problem) unless `x` is a valid run@1 record. */
export function validateRun(x: unknown, source = 'run.json'): asserts x is RunRecord {
  checkSchemaTag(x, RUN_SCHEMA, source);
  check(validators().run, x, source);
}

/**
 * Throws LeaderboardError unless `x` is a valid leaderboard@1: the JSON Schema, plus what a
 * schema cannot say — each run is filed under its own (task, preset, method) entry, no entry
 * appears twice and no runId appears twice. Summaries are derived data and not checked here;
 * `compareLeaderboards` recomputes them from the runs.
 */
export function validateLeaderboard(x: unknown, source = 'leaderboard.json'): asserts x is Leaderboard {
  checkSchemaTag(x, LEADERBOARD_SCHEMA, source);
  check(validators().leaderboard, x, source);
  checkConsistency(x as Leaderboard, source);
}

function checkConsistency(leaderboard: Leaderboard, source: string): void {
  const entries = new Map<string, number>();
  const runs = new Map<string, string>();
  leaderboard.entries.forEach((entry, e) => {
    const name = entryName(entry);
    // Entries written before configId existed are grouped by name only; readLeaderboard regroups them.
    const key = entry.configId === undefined ? `${name}#legacy` : entryKey(entry);
    const first = entries.get(key);
    if (first !== undefined) throw new LeaderboardError(`${source}: /entries/${e} repeats entry ${name} (also /entries/${first})`);
    entries.set(key, e);
    entry.runs.forEach((run, r) => {
      const at = `/entries/${e}/runs/${r}`;
      const sameName = `${run.task}/${run.preset}/${run.method}` === `${entry.task}/${entry.preset}/${entry.method}`;
      if (!sameName || run.paradigm !== entry.paradigm) {
        throw new LeaderboardError(`${source}: ${at} is run ${run.runId} of ${entryName(run)} (${run.paradigm}), filed under entry ${name} (${entry.paradigm})`);
      }
      // Files written before budgets shared an entry computed configIds with the budget; readLeaderboard regroups them.
      if (entry.configId !== undefined && configIdOfEntry(run) !== entry.configId && budgetedConfigIdOf(run) !== entry.configId) {
        throw new LeaderboardError(`${source}: ${at} is run ${run.runId} of configuration ${configIdOfEntry(run)}, filed under entry ${name} of configuration ${entry.configId}`);
      }
      const seen = runs.get(run.runId);
      if (seen !== undefined) throw new LeaderboardError(`${source}: ${at} repeats run ${run.runId} (also ${seen})`);
      runs.set(run.runId, at);
    });
  });
}
