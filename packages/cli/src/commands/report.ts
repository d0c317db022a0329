import { writePlots, writeReport, type WrittenReport } from '@grokbench/report';

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;

function summary(written: WrittenReport): string {
  const missing = written.missingCurves ? `; ${written.missingCurves} run${written.missingCurves === 1 ? '' : 's'} without a curve file` : '';
  return `${written.charts} charts, ${kilobytes(written.bytes)}${missing}`;
}

/** Writes the offline HTML report and prints its path. */
export async function reportCommand(argv: { leaderboard: string; 'runs-dir'?: string; out: string }): Promise<void> {
  const written = await writeReport({ leaderboard: argv.leaderboard, runsDir: argv['runs-dir'], out: argv.out });
  process.stdout.write(`report written to ${argv.out} (${summary(written)})\n`);
}

/** Writes every chart as an SVG file and prints their paths. */
export async function plotCommand(argv: { leaderboard: string; 'runs-dir'?: string; out: string }): Promise<void> {
  const written = await writePlots({ leaderboard: argv.leaderboard, runsDir: argv['runs-dir'], outDir: argv.out });
  process.stdout.write(`${written.files.join('\n')}\n${written.files.length} SVG files written to ${argv.out} (${summary(written)})\n`);
}
