import { assertWritableDir, deviceLabel, findTask, formatNumber, runTask, type RunRecord } from '@grokbench/harness';
import type { Device, EngineName } from '@grokbench/trainer';
import type { Argv } from 'yargs';
import { collectOverrides, OVERRIDE_FLAGS } from '../overrides.js';
import { abortOnSigint } from '../interrupt.js';
import { createRunProgress } from '../progress.js';
import { runLabel } from '../select-tasks.js';
import { integerIn, MAX_SEED, threadsFlag } from '../flag-values.js';
import { UsageError } from '../user-error.js';

export function runOptions<T>(y: Argv<T>) {
  let out = y
    .option('task', { type: 'string', demandOption: true, describe: 'task id (see grokbench tasks)' })
    .option('preset', { type: 'string', default: 'quick', describe: 'named configuration of the task' })
    .option('method', { type: 'string', default: 'adamw', describe: 'training method: adamw, grokfast-ema, grokfast-ma' })
    .option('seed', { type: 'string', default: '0', describe: 'seed of the run (init, split and batches derive from it)', coerce: integerIn('seed', 0, MAX_SEED) })
    .option('engine', { choices: ['ort', 'tfjs'] as const, default: 'ort' as const, describe: 'compute engine: ort (ONNX Runtime) or tfjs (TensorFlow.js reference)' })
    .option('device', { choices: ['cpu', 'cuda', 'webgpu'] as const, default: 'cpu' as const, describe: 'device the engine runs on (webgpu: any Vulkan GPU, ort engine)' })
    .option('threads', threadsFlag)
    .option('out', { type: 'string', default: 'results/runs', describe: 'folder for run folders' })
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

const show = (x: number | null | undefined) => formatNumber(x);

export function summarize(record: RunRecord, dir: string): string {
  const m = record.metrics;
  const t = record.throughput;
  const e = record.engine;
  return [
    `run ${record.runId}  (${dir})`,
    `  ${record.stoppedBy} after ${show(record.stepsRun)} steps, ${show(record.wallSeconds)} s  [${e.name}/${e.backend}, ${deviceLabel(e)}, ${e.threads} threads]${record.variant ? `  variant: ${record.variant}` : ''}`,
    `  θ=${m.primary.theta}: tFit ${show(m.primary.tFit)}  tGrok ${show(m.primary.tGrok)}  sustained ${show(m.primary.tGrokSustained)}  delay ${show(m.primary.delay)}  ratio ${show(m.primary.delayRatio)}  phase ${m.phase}`,
    `  θ=${m.strict.theta}: tFit ${show(m.strict.tFit)}  tGrok ${show(m.strict.tGrok)}  sustained ${show(m.strict.tGrokSustained)}`,
    `  sharpness: width10to90 ${show(m.sharpness.width10to90)}  relative ${show(m.sharpness.relativeSharpness)}  t* ${show(m.sharpness.tStar)}${m.sharpness.reason ? `  (${m.sharpness.reason})` : ''}`,
    ...Object.entries(m.companions ?? {}).map(
      ([name, c]) => `  companion ${name} (${c.better} is better): onset ${show(c.onset)}  width10to90 ${show(c.width10to90)}  best ${show(c.best)} at ${show(c.bestStep)}${c.reason ? `  (${c.reason})` : ''}`,
    ),
    `  final (step ${show(m.final.step)}): train ${m.final.train.toFixed(3)}  held-out ${m.final.heldout.toFixed(3)}  (chance ${m.chance.toFixed(3)})`,
    `  throughput: ${show(t.stepsPerSecond)} steps/s  ${show(t.examplesPerSecond)} examples/s  ${show(t.gflops)} GFLOP/s  seconds to grok ${show(t.secondsToGrok)}`,
  ].join('\n');
}

export async function runCommand(argv: Awaited<ReturnType<ReturnType<typeof runOptions>['parseAsync']>>): Promise<void> {
  assertWritableDir(argv.out, '--out');
  const task = await findTask(argv.task);
  const interrupt = abortOnSigint('writing a checkpoint');
  const progress = createRunProgress(runLabel({ ...argv, task }));
  let record: RunRecord;
  try {
    record = await runTask({
      task,
      preset: argv.preset,
      method: argv.method,
      seed: argv.seed,
      engine: argv.engine as EngineName,
      device: argv.device as Device,
      threads: argv.threads,
      overrides: collectOverrides(argv as Record<string, unknown>),
      outDir: argv.out,
      resume: argv.resume,
      fresh: argv.fresh,
      signal: interrupt.signal,
      onStep: (s, b) => progress.step(s, b),
      onEval: (p, b) => progress.evaluated(p, b),
      onNotice: (message) => process.stderr.write(`${message}\n`),
    });
  } finally {
    progress.stop();
    interrupt.release();
  }
  if (argv.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else process.stdout.write(`${summarize(record, `${argv.out}/${record.runId}`)}\n`);
  if (record.stoppedBy === 'diverged') process.stderr.write(`diverged at step ${show(record.divergedAt ?? record.stepsRun)}: the loss or the parameters turned NaN/∞\n`);
  if (record.stoppedBy === 'interrupted') {
    process.stderr.write(`interrupted at step ${record.stepsRun}; continue with the same command and --resume\n`);
    process.exitCode = 130;
  }
}
