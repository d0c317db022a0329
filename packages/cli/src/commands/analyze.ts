import {
  analyzeCurve,
  assertWritableFile,
  discoverTaskPackages,
  formatNumber as num,
  grokbenchVersion,
  AnalyzeError,
  relabelResults,
  writeTextAtomically,
  type CurveAnalysis,
  type CsvColumns,
} from '@grokbench/harness';
import type { ArgsOf } from '../command-options.js';
import type { analyzeOptions } from '../command-options.js';

type AnalyzeArgs = ArgsOf<typeof analyzeOptions>;

export const ANALYSIS_SCHEMA = 'grokbench/analysis@1';

const fixed = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits));

/** The verdict line and the figures behind it, as a reader checks them. */
export function formatAnalysis(analysis: CurveAnalysis): string {
  const { metrics } = analysis;
  const p = metrics.primary;
  const agreement = metrics.companionAgreement;
  const companion =
    agreement === undefined
      ? null
      : agreement.agrees === false
        ? `  ! ${agreement.note}`
        : `  companion ${agreement.series}: 90 % of its improvement at step ${num(agreement.end90)}${agreement.agrees ? ' (after fitting: agrees)' : ''}`;
  return [
    `${analysis.source}: ${metrics.phase} — ${metrics.phaseReason ?? ''}`,
    `  tFit ${num(p.tFit)}  tGrok ${num(p.tGrok)}  sustained ${num(p.tGrokSustained)}  delay ratio ${fixed(p.delayRatio, 1)}  held-out at fit ${fixed(p.heldoutAtFit)}  F ${fixed(p.riseAfterFit)}`,
    `  width ${num(metrics.sharpness.width10to90)}  relative sharpness ${fixed(metrics.sharpness.relativeSharpness, 1)}  erf r² ${fixed(metrics.sharpness.erfR2)}  final held-out ${fixed(metrics.final.heldout, 3)} at step ${num(metrics.final.step)}`,
    ...(companion ? [companion] : []),
  ].join('\n');
}

/** Task id → the primary companion it names, for records that predate the field. */
async function primaryCompanions(): Promise<(task: string) => string | undefined> {
  const { tasks } = await discoverTaskPackages();
  const byTask = new Map(tasks.map((d) => [d.task.id, d.task.primaryCompanion]));
  return (task) => byTask.get(task);
}

async function relabel(argv: AnalyzeArgs & { relabel: string }): Promise<void> {
  const result = await relabelResults({ file: argv.relabel, runsDir: argv.runs, keepMissing: argv['keep-missing'], primaryCompanionOf: await primaryCompanions(), circuitSeries: argv['circuit-series'] });
  for (const run of result.relabelled) process.stdout.write(`${run.runId}: ${run.before === run.after ? run.after : `${run.before} → ${run.after}`}\n`);
  const changed = result.relabelled.filter((run) => run.before !== run.after).length;
  process.stdout.write(`${result.relabelled.length} runs re-labelled in ${argv.relabel} (${changed} changed phase)\n`);
  if (result.missing.length) process.stdout.write(`${result.missing.length} kept as recorded (no curve): ${result.missing.join(', ')}\n`);
}

/** Prints each curve's verdict; with --out, writes them all as JSON (atomically). */
export async function analyzeCommand(argv: AnalyzeArgs): Promise<void> {
  if (argv.relabel !== undefined) return relabel({ ...argv, relabel: argv.relabel });
  if (argv.out !== undefined) assertWritableFile(argv.out, '--out');
  const columns: CsvColumns = { step: argv['step-column'], train: argv['train-column'], heldout: argv['heldout-column'], heldoutLoss: argv['heldout-loss-column'] };
  const primaryCompanionOf = await primaryCompanions();
  const analyses = (argv.files ?? []).map((file) =>
    analyzeCurve({ file, chance: argv.chance, theta: argv.theta, columns, primaryCompanion: argv['primary-companion'], primaryCompanionOf }),
  );
  process.stdout.write(`${analyses.map(formatAnalysis).join('\n\n')}\n`);
  if (argv.out !== undefined) {
    const document = { schema: ANALYSIS_SCHEMA, grokbenchVersion: grokbenchVersion(), createdAt: new Date().toISOString(), analyses };
    await writeTextAtomically(argv.out, `${JSON.stringify(document, null, 2)}\n`, (message) => new AnalyzeError(message));
  }
}
