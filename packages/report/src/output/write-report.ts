import path from 'node:path';
import { writeTextAtomically } from '@grokbench/harness';
import { buildCharts, allCharts } from '../charts/build-charts.js';
import { reportPage } from '../html/report-page.js';
import { loadReportData } from '../load/report-data.js';
import { ReportError } from '../report-error.js';
import { renderSvg } from './render-svg.js';

const toReportError = (message: string) => new ReportError(message);

export interface ReportSource {
  /** leaderboard.json; LeaderboardError when it is missing, not JSON or not valid. */
  leaderboard: string;
  /** Folder of the runs' folders (default: runs/ beside the leaderboard). */
  runsDir?: string;
}

export interface WrittenReport {
  files: string[];
  bytes: number;
  charts: number;
  /** Runs drawn without a curve, their curve.jsonl not found. */
  missingCurves: number;
}

/** Writes the offline HTML report of a leaderboard to `out`, atomically. */
export async function writeReport(source: ReportSource & { out: string }): Promise<WrittenReport> {
  const data = loadReportData(source.leaderboard, { runsDir: source.runsDir });
  const charts = buildCharts(data);
  const html = reportPage(data, charts);
  await writeTextAtomically(source.out, html, toReportError);
  return { files: [source.out], bytes: Buffer.byteLength(html), charts: allCharts(charts).length, missingCurves: data.missingCurves.length };
}

/** Writes every chart of the report as `<outDir>/<chart id>.svg`, rendered in Node. */
export async function writePlots(source: ReportSource & { outDir: string }): Promise<WrittenReport> {
  const data = loadReportData(source.leaderboard, { runsDir: source.runsDir });
  const charts = allCharts(buildCharts(data));
  const files: string[] = [];
  let bytes = 0;
  for (const chart of charts) {
    const svg = await renderSvg(chart);
    const file = path.join(source.outDir, `${chart.id}.svg`);
    await writeTextAtomically(file, svg, toReportError);
    files.push(file);
    bytes += Buffer.byteLength(svg);
  }
  return { files, bytes, charts: charts.length, missingCurves: data.missingCurves.length };
}
