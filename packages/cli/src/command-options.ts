// The flags of each command, apart from the commands themselves: parsing a command line (and
// refusing a bad one) loads yargs and these alone, and a command's engines, tasks and charts load
// only when it runs. Default outputs are the project's results/ folder (results-path.ts), shown
// relative to the working folder.
import type { Argv } from 'yargs';
import { integerIn, MAX_SEED, MAX_SEEDS, positiveNumber, threadsFlag, upToCores } from './flag-values.js';
import { OVERRIDE_FLAGS } from './overrides.js';
import { defaultResultsPath } from './results-path.js';
import { UsageError } from './user-error.js';

/** The parsed flags of a command whose options `build` declares. */
export type ArgsOf<B extends (y: Argv) => Argv<unknown>> = Awaited<ReturnType<ReturnType<B>['parseAsync']>>;

export function runOptions<T>(y: Argv<T>) {
  let out = y
    .option('task', { type: 'string', demandOption: true, describe: 'task id (see grokbench tasks)' })
    .option('preset', { type: 'string', default: 'quick', describe: 'named configuration of the task' })
    .option('method', { type: 'string', default: 'adamw', describe: 'training method: adamw, grokfast-ema, grokfast-ma' })
    .option('seed', { type: 'string', default: '0', describe: 'seed of the run (init, split and batches derive from it)', coerce: integerIn('seed', 0, MAX_SEED) })
    .option('engine', { choices: ['ort', 'tfjs'] as const, default: 'ort' as const, describe: 'compute engine: ort (ONNX Runtime) or tfjs (TensorFlow.js reference)' })
    .option('device', { choices: ['cpu', 'cuda', 'webgpu'] as const, default: 'cpu' as const, describe: 'device the engine runs on (webgpu: any Vulkan GPU, ort engine)' })
    .option('threads', threadsFlag)
    .option('out', { type: 'string', default: defaultResultsPath('runs'), describe: 'folder for run folders' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue the run from its last checkpoint' })
    .option('fresh', { type: 'boolean', default: false, describe: 'discard the run folder if it exists and start over' })
    .option('json', { type: 'boolean', default: false, describe: 'print run.json instead of a summary' })
    .option('set', { type: 'string', array: true, describe: 'override any config field: --set model.layers=1' });
  for (const [flag, spec] of Object.entries(OVERRIDE_FLAGS)) {
    // Strings, parsed by collectOverrides: the config's validation then quotes what was given.
    out = out.option(flag, { type: 'string', describe: spec.describe }) as typeof out;
  }
  return out.requiresArg(['task', 'preset', 'method', 'seed', 'threads', 'out', 'set', ...Object.keys(OVERRIDE_FLAGS)]).check((a) => {
    if (a.resume && a.fresh) throw new UsageError('--resume and --fresh contradict each other');
    return true;
  });
}

export function suiteOptions<T>(y: Argv<T>) {
  return y
    .option('preset', { type: 'string', default: 'quick', describe: 'preset to run on every task that has it' })
    .option('tasks', { type: 'string', describe: 'comma-separated task ids (default: every installed task)' })
    .option('methods', { type: 'string', default: 'adamw', describe: 'comma-separated methods' })
    .option('seeds', { type: 'string', describe: `seeds 0 … N−1 (default 3, at most ${MAX_SEEDS.toLocaleString('en-US')})`, coerce: integerIn('seeds', 1, MAX_SEEDS) })
    .option('seed-list', { type: 'string', describe: 'explicit seeds, e.g. 0,4,7 (instead of --seeds)' })
    .option('shard', { type: 'string', describe: 'run only shard i of n: i/n (0-based)' })
    .option('out', { type: 'string', default: defaultResultsPath('leaderboard.json'), describe: 'leaderboard file (merged into, never overwritten)' })
    .option('runs-dir', { type: 'string', describe: "folder of the runs' folders (default: runs/ beside --out)" })
    .option('rerun', { type: 'boolean', default: false, describe: 'run again what the leaderboard already holds, replacing those records' })
    .option('engine', { choices: ['ort', 'tfjs'] as const, default: 'ort' as const, describe: 'compute engine: ort (ONNX Runtime) or tfjs (TensorFlow.js reference)' })
    .option('device', { choices: ['cpu', 'cuda', 'webgpu'] as const, default: 'cpu' as const, describe: 'device the engine runs on (webgpu: any Vulkan GPU, ort engine)' })
    .option('threads', { ...threadsFlag, describe: "CPU threads of each run (default: the cores available, divided among --jobs)" })
    .option('jobs', { type: 'string', describe: 'runs trained at once, each in a worker thread (default 1)', coerce: upToCores('jobs') })
    .option('steps', { type: 'string', describe: 'step budget of every run (overrides the preset; a larger one extends recorded runs)' })
    .option('set', { type: 'string', array: true, describe: 'override a config field of every run: --set optimizer.weightDecay=0.5' })
    .requiresArg(['preset', 'tasks', 'methods', 'seeds', 'seed-list', 'shard', 'out', 'runs-dir', 'threads', 'jobs', 'steps', 'set'])
    .conflicts('seeds', 'seed-list');
}

export function benchOptions<T>(y: Argv<T>) {
  return y
    .option('tasks', { type: 'string', describe: 'comma-separated task ids (default: every task with the preset)' })
    .option('preset', { type: 'string', default: 'quick', describe: 'named configuration of each task' })
    .option('method', { type: 'string', default: 'adamw', describe: 'training method: adamw, grokfast-ema, grokfast-ma' })
    .option('engine', { choices: ['ort', 'tfjs'] as const, default: 'ort' as const, describe: 'compute engine: ort (ONNX Runtime) or tfjs (TensorFlow.js reference)' })
    .option('device', { choices: ['cpu', 'cuda', 'webgpu'] as const, default: 'cpu' as const, describe: 'device the engine runs on (webgpu: any Vulkan GPU, ort engine)' })
    .option('threads', threadsFlag)
    .option('seconds', { type: 'string', default: '3', describe: 'timed seconds per task (after a short warm-up)', coerce: positiveNumber('seconds') })
    .option('json', { type: 'string', describe: 'also write the results to this JSON file' })
    .requiresArg(['tasks', 'preset', 'method', 'threads', 'seconds', 'json']);
}

/** Options `report` and `plot` share: where the leaderboard and the runs' curves are. */
function sourceOptions<T>(y: Argv<T>) {
  return y
    .option('leaderboard', { type: 'string', default: defaultResultsPath('leaderboard.json'), describe: 'the leaderboard to show' })
    .option('runs-dir', { type: 'string', describe: "folder of the runs' folders with their curve.jsonl (default: runs/ beside --leaderboard)" });
}

export function reportOptions<T>(y: Argv<T>) {
  return sourceOptions(y).option('out', { type: 'string', default: defaultResultsPath('report.html'), describe: 'the HTML file to write' });
}

export function plotOptions<T>(y: Argv<T>) {
  return sourceOptions(y).option('out', { type: 'string', default: defaultResultsPath('plots'), describe: 'folder for the SVG files, one per chart' });
}

export function mergeOptions<T>(y: Argv<T>) {
  return y
    .positional('files', { type: 'string', array: true, demandOption: true })
    .positional('files', { describe: 'leaderboard files to combine' })
    .option('output', { alias: 'o', type: 'string', demandOption: true, requiresArg: true, describe: 'the merged leaderboard' });
}

export function compareOptions<T>(y: Argv<T>) {
  return y
    .positional('base', { type: 'string', demandOption: true, describe: 'leaderboard to compare against' })
    .positional('head', { type: 'string', demandOption: true, describe: 'leaderboard judged' })
    .option('format', {
      choices: ['table', 'json', 'github-action-benchmark'] as const,
      default: 'table' as const,
      describe: 'output: a table, the comparison as JSON, or github-action-benchmark input',
    });
}

/** A number flag within [min, max], quoting what was given when it is not one. */
function numberIn(flag: string, min: number, max: number) {
  return (raw: unknown): number => {
    if (Array.isArray(raw)) throw new UsageError(`--${flag} is given more than once`);
    const value = Number(raw);
    if (String(raw).trim() === '' || !(value >= min && value <= max)) throw new UsageError(`--${flag} takes a number from ${min} to ${max}, got "${String(raw)}"`);
    return value;
  };
}

export function analyzeOptions<T>(y: Argv<T>) {
  return y
    .positional('files', { type: 'string', array: true, describe: 'run folders, curve.jsonl files or CSV files (step, train, heldout columns)' })
    .option('chance', { type: 'string', coerce: numberIn('chance', 0, 1), describe: "held-out score of a model that guesses (needed for a CSV; a run's own otherwise)" })
    .option('theta', { type: 'string', coerce: numberIn('theta', 0, 1), describe: 'primary threshold θ (default 0.95)' })
    .option('step-column', { type: 'string', default: 'step', describe: 'CSV column of the step' })
    .option('train-column', { type: 'string', default: 'train', describe: 'CSV column of the train score, a fraction in [0, 1]' })
    .option('heldout-column', { type: 'string', default: 'heldout', describe: 'CSV column of the held-out score, a fraction in [0, 1]' })
    .option('heldout-loss-column', { type: 'string', default: 'heldoutLoss', describe: 'CSV column of the held-out loss (optional: the companion a grokking verdict is checked against)' })
    .option('primary-companion', { type: 'string', describe: 'series whose timing must agree with a grokking verdict (default: the task\'s, else heldoutLoss)' })
    .option('circuit-series', { type: 'string', describe: 'with --relabel: the circuit series to time (run metrics circuit) in runs recorded before circuit timing that record it, e.g. circuitShare' })
    .option('out', { type: 'string', describe: 'also write the analyses as JSON to this file' })
    .option('relabel', { type: 'string', describe: 'recompute the metrics of every run in this results file from its curve, and rewrite it' })
    .option('runs', { type: 'string', describe: 'with --relabel: folder of run folders (default: runs/ beside the file)' })
    .option('keep-missing', { type: 'boolean', default: false, describe: 'with --relabel: keep the recorded metrics of runs whose curve is missing' })
    .requiresArg(['chance', 'theta', 'step-column', 'train-column', 'heldout-column', 'heldout-loss-column', 'primary-companion', 'circuit-series', 'out', 'relabel', 'runs'])
    .check((argv) => {
      const files = (argv.files as string[] | undefined) ?? [];
      if (argv.relabel === undefined && files.length === 0) throw new UsageError('name curves to analyse (run folders, curve.jsonl or CSV files), or a results file with --relabel');
      if (argv.relabel !== undefined && files.length > 0) throw new UsageError('--relabel rewrites a results file; analyse curve files in a separate call');
      if (argv.relabel === undefined && (argv.runs !== undefined || argv['keep-missing'])) throw new UsageError('--runs and --keep-missing go with --relabel');
      return true;
    });
}

export function exportOptions<T>(y: Argv<T>) {
  return y
    .positional('run', { type: 'string', demandOption: true, describe: 'a run folder (run.json and checkpoint.bin)' })
    .option('out', { type: 'string', describe: 'the safetensors file to write (default: model.safetensors in the run folder)' })
    .option('checkpoint', { type: 'string', describe: "another checkpoint file of the run than its folder's own" })
    .option('optimizer-state', { type: 'boolean', default: false, describe: 'also write the optimizer state (Adam moments) beside the parameters' })
    .requiresArg(['out', 'checkpoint']);
}

export function tasksOptions<T>(y: Argv<T>) {
  return y.option('json', { type: 'boolean', default: false, describe: 'print tasks and methods as JSON' });
}

export function datasetOptions<T>(y: Argv<T>) {
  return y
    .option('task', { type: 'string', demandOption: true, describe: 'task id (see grokbench tasks)' })
    .option('preset', { type: 'string', default: 'quick', describe: 'named configuration of the task' })
    .option('seed', { type: 'string', default: '0', describe: 'seed of the split', coerce: integerIn('seed', 0, MAX_SEED) })
    .option('json', { type: 'boolean', default: false, describe: 'print every example as JSON' })
    .option('set', { type: 'string', array: true, describe: 'override a data field: --set data.p=13' })
    .requiresArg(['task', 'preset', 'seed', 'set']);
}

/** Every command's flags by command name: what a misspelt command or flag is matched against. */
export const COMMAND_OPTIONS: Readonly<Record<string, (y: Argv) => Argv<unknown>>> = {
  run: runOptions,
  suite: suiteOptions,
  merge: mergeOptions,
  compare: compareOptions,
  analyze: analyzeOptions,
  export: exportOptions,
  bench: benchOptions,
  report: reportOptions,
  plot: plotOptions,
  tasks: tasksOptions,
  dataset: datasetOptions,
};
