import { assertWritableDir, deviceLabel, findTask, formatNumber, runTask, type RunRecord } from '@grokbench/harness';
import type { Device, EngineName } from '@grokbench/trainer';
import type { ArgsOf, runOptions } from '../command-options.js';
import { collectOverrides } from '../overrides.js';
import { abortOnSigint } from '../interrupt.js';
import { createRunProgress } from '../progress.js';
import { runLabel } from '../select-tasks.js';

const show = (x: number | null | undefined) => formatNumber(x);

/** "circuit circuitShare 0.000 → 0.144: half-formed at 976, 90 % at 1,640, 421 steps before tGrok". */
function circuitLine(c: NonNullable<RunRecord['metrics']['circuit']>): string {
  const head = `  circuit ${c.series} ${show(c.first)} → ${show(c.final)}`;
  if (c.formedAt === null) return `${head}  (${c.reason})`;
  const lead = c.leadSteps === null ? 'no tGrok to lead' : c.leadSteps >= 0 ? `${show(c.leadSteps)} steps before tGrok` : `${show(-c.leadSteps)} steps after tGrok`;
  return `${head}: half-formed at ${show(c.formedAt)}, 90 % at ${show(c.cleanupEndsAt)}, ${lead}`;
}

export function summarize(record: RunRecord, dir: string): string {
  const m = record.metrics;
  const t = record.throughput;
  const e = record.engine;
  const agreement = m.companionAgreement;
  return [
    `run ${record.runId}  (${dir})`,
    `  ${m.phase}: ${m.phaseReason ?? ''}`,
    ...(agreement?.agrees === false ? [`  ! ${agreement.note}`] : []),
    `  ${record.stoppedBy} after ${show(record.stepsRun)} steps, ${show(record.wallSeconds)} s  [${e.name}/${e.backend}, ${deviceLabel(e)}, ${e.threads} threads]${record.variant ? `  variant: ${record.variant}` : ''}`,
    `  θ=${m.primary.theta}: tFit ${show(m.primary.tFit)}  tGrok ${show(m.primary.tGrok)}  sustained ${show(m.primary.tGrokSustained)}  delay ${show(m.primary.delay)}  ratio ${show(m.primary.delayRatio)}  held-out at fit ${show(m.primary.heldoutAtFit)}  F ${show(m.primary.riseAfterFit)}`,
    `  θ=${m.strict.theta}: tFit ${show(m.strict.tFit)}  tGrok ${show(m.strict.tGrok)}  sustained ${show(m.strict.tGrokSustained)}`,
    `  sharpness: width10to90 ${show(m.sharpness.width10to90)}  relative ${show(m.sharpness.relativeSharpness)}  t* ${show(m.sharpness.tStar)}  erf r² ${show(m.sharpness.erfR2)}${m.sharpness.reason ? `  (${m.sharpness.reason})` : ''}`,
    ...Object.entries(m.companions ?? {}).map(
      ([name, c]) => `  companion ${name} (${c.better} is better): onset ${show(c.onset)}  width10to90 ${show(c.width10to90)}  best ${show(c.best)} at ${show(c.bestStep)}${c.reason ? `  (${c.reason})` : ''}`,
    ),
    ...(m.circuit ? [circuitLine(m.circuit)] : []),
    `  final (step ${show(m.final.step)}): train ${m.final.train.toFixed(3)}  held-out ${m.final.heldout.toFixed(3)}  (chance ${m.chance.toFixed(3)})`,
    `  throughput: ${show(t.stepsPerSecond)} steps/s  ${show(t.examplesPerSecond)} examples/s  ${show(t.gflops)} GFLOP/s  seconds to grok ${show(t.secondsToGrok)}`,
  ].join('\n');
}

export async function runCommand(argv: ArgsOf<typeof runOptions>): Promise<void> {
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
