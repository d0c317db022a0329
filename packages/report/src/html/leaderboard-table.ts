import { formatNumber, PHASES, summarize, type LeaderboardEntry, type RunRecord, type Summary } from '@grokbench/harness';
import { phaseColor } from '../charts/phase-colors.js';
import { entryDevice, entryLabels } from '../load/optional-fields.js';
import { grokkedShare, grokkedText, runPhase, runStatus } from '../load/run-outcome.js';
import { companionFlagHtml } from './companion-flags.js';
import { escapeAttribute, escapeHtml } from './escape-html.js';

/** A table cell: what it shows, and the number it sorts by (none sorts last). */
interface Cell {
  text: string;
  /** Markup shown instead of `text` (already escaped): swatches, flags. */
  html?: string;
  sort?: number | null;
  title?: string;
}

interface Column {
  header: string;
  title?: string;
  cell(entry: LeaderboardEntry): Cell;
}

const median = (summary: Summary): Cell => ({ text: formatNumber(summary.median), sort: summary.median });

type Figure = (run: RunRecord) => number | null | undefined;

/** A figure the entry summary does not carry (sharpness) is summarized from the runs here. */
const medianOfRuns = (entry: LeaderboardEntry, figure: (run: LeaderboardEntry['runs'][number]) => number | null): Cell =>
  median(summarize(entry.runs.map(figure)));

/**
 * Counted from the runs' verdicts: a run that reached θ alongside fitting (gradual), or reached it
 * and ended below it (lost), or diverged, is counted apart, never as grokked.
 */
function grokkedCell(entry: LeaderboardEntry): Cell {
  return { text: grokkedText(entry), sort: grokkedShare(entry) };
}

/** The median over the runs, each seed's figure in the tooltip; "—" for records from before the figure existed. */
function perSeedMedian(entry: LeaderboardEntry, figure: Figure): Cell {
  const values = entry.runs.map((run) => figure(run) ?? null);
  if (values.every((v) => v === null)) return { text: '—', sort: null, title: 'not in these run records (written before the figure existed)' };
  return { ...median(summarize(values)), title: entry.runs.map((run, i) => `seed ${run.seed}: ${formatNumber(values[i])}`).join('\n') };
}

/** A run's figure where it grokked and kept it; null for a lost or diverged run, whose tGrok is not a time to grok. */
const ifGrokked = (figure: Figure) => (run: RunRecord) => (runStatus(run) === 'grokked' ? (figure(run) ?? null) : null);

function tGrokCell(entry: LeaderboardEntry): Cell {
  const { median: m, q1, q3 } = summarize(entry.runs.map(ifGrokked((run) => run.metrics.primary.tGrok)));
  if (m === null) {
    // "never" would hide runs that did reach θ and then fell below it.
    const reachedOnly = entry.runs.filter((run) => run.metrics.primary.tGrok !== null).length;
    if (reachedOnly === 0) return { text: 'never', sort: null };
    return { text: `none held θ (${reachedOnly} reached it)`, sort: null, title: 'every run that reached θ ended below it or diverged: no time to grok to report' };
  }
  return { text: `${formatNumber(m)} [${formatNumber(q1)}–${formatNumber(q3)}]`, sort: m, title: 'median [interquartile range] over the runs that reached θ and kept it' };
}

const phaseRank = (phase: string) => {
  const i = (PHASES as readonly string[]).indexOf(phase);
  return i < 0 ? PHASES.length : i;
};

/**
 * "grokking ×3", or each phase with its count where the seeds disagree, in PHASES order, each
 * with its colour in the normalized chart; each seed's phase and the reason for it in the
 * tooltip, and a flag where a run's companion series contradicts its grokking verdict.
 */
function phaseCell(entry: LeaderboardEntry): Cell {
  const phases = entry.runs.map(runPhase);
  const counts = new Map<string, number>();
  for (const { phase } of phases) counts.set(phase, (counts.get(phase) ?? 0) + 1);
  const ordered = [...counts].sort(([a], [b]) => phaseRank(a) - phaseRank(b));
  const text = ordered.map(([phase, count]) => `${phase} ×${count}`).join(', ');
  const swatch = (phase: string) => `<span class="swatch" style="background:${phaseColor(phase)}"></span>`;
  const html = ordered.map(([phase, count]) => `${swatch(phase)}${escapeHtml(`${phase} ×${count}`)}`).join(', ') + companionFlagHtml(entry);
  const title = entry.runs.map((run, i) => `seed ${run.seed}: ${phases[i].phase}${phases[i].reason ? ` — ${phases[i].reason}` : ''}`).join('\n');
  return { text, html, title };
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
    {
      header: 'grokked',
      title: 'runs whose held-out score reached θ = 0.95 and was still there at the end, of all runs; runs that reached θ and ended below it (lost) and runs that diverged are counted apart',
      cell: grokkedCell,
    },
    { header: 'tFit', title: 'median step at which the train score reached 0.95', cell: (e) => median(e.summary.tFit) },
    { header: 'tGrok [IQR]', title: 'median step at which the held-out score reached 0.95 [q1–q3], over the runs that reached θ and kept it', cell: tGrokCell },
    { header: 'delay ratio', title: 'median tGrok / tFit over the runs that reached θ and kept it', cell: (e) => medianOfRuns(e, ifGrokked((r) => r.metrics.primary.delayRatio)) },
    {
      header: 'F',
      title: 'median rise after fit: the share of the held-out score\'s chance → θ rise still to come when training fit (1 = at chance then, 0 = already at θ); grokking needs F ≥ 0.75',
      cell: (e) => perSeedMedian(e, (r) => r.metrics.primary.riseAfterFit),
    },
    { header: 'held-out at fit', title: 'median held-out score when the train score reached θ = 0.95', cell: (e) => perSeedMedian(e, (r) => r.metrics.primary.heldoutAtFit) },
    {
      header: 'circuit lead',
      title: 'median tGrok − the step the circuit series (circuit share) was half-formed, over the runs that grokked and kept it (hover for each seed); positive: the circuit came first',
      cell: (e) => perSeedMedian(e, ifGrokked((r) => r.metrics.circuit?.leadSteps ?? null)),
    },
    { header: 'width 10–90', title: 'median steps from 10% to 90% of the held-out rise', cell: (e) => medianOfRuns(e, (r) => r.metrics.sharpness.width10to90) },
    { header: 'erf s', title: 'median slope s of the erf fit a·erf(s·(t − t*)) + c', cell: (e) => medianOfRuns(e, (r) => r.metrics.sharpness.s) },
    { header: 'phase', title: 'phase of each run (hover a cell for each seed\'s reason); ⚠ the score says grokking but the primary companion series finished improving before training fit', cell: phaseCell },
    { header: 'wall s', title: 'median wall seconds of the train loop', cell: (e) => median(e.summary.wallSeconds) },
    { header: 'steps/s', cell: (e) => median(e.summary.stepsPerSecond) },
  ];
}

function cellHtml(cell: Cell): string {
  const sort = cell.sort === undefined ? '' : ` data-sort="${cell.sort === null ? '' : cell.sort}"`;
  const title = cell.title ? ` title="${escapeAttribute(cell.title)}"` : '';
  return `<td${sort}${title}>${cell.html ?? escapeHtml(cell.text)}</td>`;
}

/** The leaderboard as a table sortable by any column (sortable-tablesort), one row per entry. */
export function leaderboardTable(entries: readonly LeaderboardEntry[]): string {
  const cols = columns(entries);
  const head = cols.map((c) => `<th${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.header)}</th>`).join('');
  const rows = entries.map((entry) => `<tr>${cols.map((c) => cellHtml(c.cell(entry))).join('')}</tr>`);
  return `<table class="sortable n-last asc" id="leaderboard-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}
