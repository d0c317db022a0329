import { formatNumber, grokkedWithLosses, summarize, type LeaderboardEntry, type Summary } from '@grokbench/harness';
import { entryDevice, entryLabels, runStatus } from '../load/optional-fields.js';
import { escapeHtml } from './escape-html.js';

/** A table cell: what it shows, and the number it sorts by (none sorts last). */
interface Cell {
  text: string;
  sort?: number | null;
  title?: string;
}

interface Column {
  header: string;
  title?: string;
  cell(entry: LeaderboardEntry): Cell;
}

const median = (summary: Summary): Cell => ({ text: formatNumber(summary.median), sort: summary.median });

/** A figure the entry summary does not carry (sharpness) is summarized from the runs here. */
const medianOfRuns = (entry: LeaderboardEntry, figure: (run: LeaderboardEntry['runs'][number]) => number | null): Cell =>
  median(summarize(entry.runs.map(figure)));

function grokkedCell(entry: LeaderboardEntry): Cell {
  const [k, n] = entry.summary.grokked.split('/').map(Number);
  const diverged = entry.runs.filter((run) => runStatus(run) === 'diverged').length;
  // Diverged runs are counted apart: they did not get the chance to grok. So are runs that
  // grokked and ended below θ: an onset alone would read as a model that stayed generalized.
  const grokked = grokkedWithLosses(entry);
  return { text: diverged ? `${grokked} · ${diverged} diverged` : grokked, sort: n ? k / n : null };
}

function tGrokCell(entry: LeaderboardEntry): Cell {
  const { median: m, q1, q3 } = entry.summary.tGrok;
  if (m === null) return { text: 'never', sort: null };
  return { text: `${formatNumber(m)} [${formatNumber(q1)}–${formatNumber(q3)}]`, sort: m, title: 'median [interquartile range] over the runs that grokked' };
}

/** "grokking ×3", or each phase with its count where the seeds disagree. */
function phaseCell(entry: LeaderboardEntry): Cell {
  const counts = new Map<string, number>();
  for (const run of entry.runs) counts.set(run.metrics.phase, (counts.get(run.metrics.phase) ?? 0) + 1);
  return { text: [...counts].map(([phase, count]) => `${phase} ×${count}`).join(', ') };
}

function labelColumns(entries: readonly LeaderboardEntry[]): Column[] {
  const names = [...new Set(entries.flatMap((entry) => Object.keys(entryLabels(entry))))];
  return names.map((name) => ({ header: name, cell: (entry) => ({ text: entryLabels(entry)[name] ?? '' }) }));
}

function columns(entries: readonly LeaderboardEntry[]): Column[] {
  return [
    { header: 'task', cell: (e) => ({ text: e.task }) },
    { header: 'paradigm', cell: (e) => ({ text: e.paradigm }) },
    { header: 'preset', cell: (e) => ({ text: e.preset }) },
    { header: 'method', cell: (e) => ({ text: e.method }) },
    ...labelColumns(entries),
    { header: 'device', cell: (e) => ({ text: entryDevice(e) }) },
    { header: 'grokked', title: 'runs whose held-out score reached θ = 0.95, of all runs; "lost": of those, runs whose last evaluation is below θ', cell: grokkedCell },
    { header: 'tFit', title: 'median first step with train score ≥ 0.95', cell: (e) => median(e.summary.tFit) },
    { header: 'tGrok [IQR]', title: 'median first step with held-out score ≥ 0.95 [q1–q3]', cell: tGrokCell },
    { header: 'delay ratio', title: 'median tGrok / tFit', cell: (e) => median(e.summary.delayRatio) },
    { header: 'width 10–90', title: 'median steps from 10% to 90% of the held-out rise', cell: (e) => medianOfRuns(e, (r) => r.metrics.sharpness.width10to90) },
    { header: 'erf s', title: 'median slope s of the erf fit a·erf(s·(t − t*)) + c', cell: (e) => medianOfRuns(e, (r) => r.metrics.sharpness.s) },
    { header: 'phase', cell: phaseCell },
    { header: 'wall s', title: 'median wall seconds of the train loop', cell: (e) => median(e.summary.wallSeconds) },
    { header: 'steps/s', cell: (e) => median(e.summary.stepsPerSecond) },
  ];
}

function cellHtml(cell: Cell): string {
  const sort = cell.sort === undefined ? '' : ` data-sort="${cell.sort === null ? '' : cell.sort}"`;
  const title = cell.title ? ` title="${escapeHtml(cell.title)}"` : '';
  return `<td${sort}${title}>${escapeHtml(cell.text)}</td>`;
}

/** The leaderboard as a table sortable by any column (sortable-tablesort), one row per entry. */
export function leaderboardTable(entries: readonly LeaderboardEntry[]): string {
  const cols = columns(entries);
  const head = cols.map((c) => `<th${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.header)}</th>`).join('');
  const rows = entries.map((entry) => `<tr>${cols.map((c) => cellHtml(c.cell(entry))).join('')}</tr>`);
  return `<table class="sortable n-last asc" id="leaderboard-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}
