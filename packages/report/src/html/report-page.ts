import fs from 'node:fs';
import type { Chart } from '../charts/chart.js';
import type { ReportCharts } from '../charts/build-charts.js';
import type { ReportData } from '../load/report-data.js';
import { browserAssets } from './browser-assets.js';
import { companionDisagreementsNote } from './companion-flags.js';
import { environmentTable } from './environment-table.js';
import { escapeHtml, inlineJson } from './escape-html.js';
import { leaderboardTable } from './leaderboard-table.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-style.js';

/** package.json sits one level above both src/ and dist/, so this URL holds from either. */
const OWN_PACKAGE = new URL('../../package.json', import.meta.url);

export function reportVersion(): string {
  return (JSON.parse(fs.readFileSync(OWN_PACKAGE, 'utf8')) as { version: string }).version;
}

/**
 * A chart's container and its spec; the page script renders every spec into its container. The
 * "chart-" prefix keeps chart ids apart from section ids ("throughput" is both).
 */
function chartFigure(chart: Chart): string {
  const id = escapeHtml(`chart-${chart.id}`);
  return `<figure class="chart" id="${id}" aria-label="${escapeHtml(chart.title)}"></figure>\n<script type="application/json" class="chart-spec" data-chart="${id}">${inlineJson(chart.spec)}</script>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function header(data: ReportData, generatedAt: string): string {
  const { leaderboard } = data;
  const runs = leaderboard.entries.flatMap((entry) => entry.runs);
  const paradigms = [...new Set(leaderboard.entries.map((entry) => entry.paradigm))].sort();
  return `<header>
<h1>grokbench report</h1>
<p>${escapeHtml(data.leaderboardFile)} (updated ${escapeHtml(leaderboard.updatedAt)}): ${leaderboard.entries.length} entries, ${runs.length} runs; paradigms: ${escapeHtml(paradigms.join(', ') || 'none')}.</p>
<p class="quiet">Written ${escapeHtml(generatedAt)} by grokbench report ${escapeHtml(reportVersion())}. Onsets at θ = 0.95: tFit (train score), tGrok (held-out score).</p>
</header>`;
}

function missingCurvesNote(data: ReportData): string {
  if (data.missingCurves.length === 0) return '';
  const total = data.leaderboard.entries.reduce((n, entry) => n + entry.runs.length, 0);
  const items = data.missingCurves.map((m) => `<li><code>${escapeHtml(m.runId)}</code>: no curve at <code>${escapeHtml(m.file)}</code></li>`).join('\n');
  return `<div class="missing" id="missing-curves">
<p><strong>${data.missingCurves.length} of ${total} runs ${data.missingCurves.length === 1 ? 'has' : 'have'} no curve file</strong> in <code>${escapeHtml(data.runsDir)}</code>; their figures are in the table, their curves are not drawn (run the suite here, or pass <code>--runs-dir</code>).</p>
<details><summary>which runs</summary><ul>
${items}
</ul></details>
</div>`;
}

/** The charts of a section, or the note saying why there are none; `grid` lays them out side by side where two fit. */
function chartsOrNote(charts: Chart[], note: string, grid = false): string {
  if (!charts.length) return `<p class="quiet">${escapeHtml(note)}</p>`;
  const figures = charts.map(chartFigure).join('\n');
  return grid ? `<div class="chart-grid">\n${figures}\n</div>` : figures;
}

function sections(data: ReportData, charts: ReportCharts): string[] {
  const runs = data.leaderboard.entries.flatMap((entry) => entry.runs);
  const single = (chart: Chart | null) => (chart ? [chart] : []);
  return [
    section('leaderboard', 'Leaderboard', `<p class="quiet">Medians over seeds; click a column to sort.</p>\n<div class="table-scroll">${leaderboardTable(data.leaderboard.entries)}</div>\n${companionDisagreementsNote(data.leaderboard.entries)}${missingCurvesNote(data)}`),
    section('curves', 'Curves', chartsOrNote(charts.curves, 'No curve files found for any run.', true)),
    section('paradigms', 'Across paradigms', chartsOrNote(single(charts.crossParadigm), 'No runs.')),
    section('progress', 'Progress measures', chartsOrNote(single(charts.progress), 'No run records a circuit series (progress measures) with its curve.')),
    section('methods', 'Methods compared', chartsOrNote(charts.methods, 'No task and preset was run with more than one method.')),
    section('throughput', 'Throughput', chartsOrNote(single(charts.throughput), 'No throughput recorded.')),
    section('environment', 'Environment', `<div class="table-scroll">${environmentTable(runs)}</div>`),
  ];
}

/** The whole report as one HTML document: data, specs, styles and libraries inline, nothing fetched. */
export function reportPage(data: ReportData, charts: ReportCharts, generatedAt = new Date().toISOString()): string {
  const assets = browserAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grokbench report</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
${assets.styles.map((css) => `<style>${css}</style>`).join('\n')}
</head>
<body>
${header(data, generatedAt)}
<nav><a href="#leaderboard">leaderboard</a> · <a href="#curves">curves</a> · <a href="#paradigms">across paradigms</a> · <a href="#progress">progress measures</a> · <a href="#methods">methods</a> · <a href="#throughput">throughput</a> · <a href="#environment">environment</a></nav>
<main>
${sections(data, charts).join('\n')}
</main>
${assets.scripts.map((code) => `<script>${code}</script>`).join('\n')}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
