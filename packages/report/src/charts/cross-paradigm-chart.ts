import type { Leaderboard, RunRecord } from '@grokbench/harness';
import type { CurveSample } from '../load/curve-file.js';
import { downsampleLogSpaced } from '../load/downsample.js';
import { entryTitle } from '../load/optional-fields.js';
import { runPhase } from '../load/run-outcome.js';
import { CHART_CONFIG, roundForPlot, VEGA_LITE_SCHEMA, wrap, type Chart } from './chart.js';
import { phaseColorEncoding } from './phase-colors.js';

/**
 * Evaluations kept per run. This chart draws every run of the leaderboard at once, so it keeps
 * fewer than a curves chart: enough for a jump to read as a jump, and 100 runs stay small.
 */
export const NORMALIZED_POINTS_PER_RUN = 80;

/** The x axis starts at a tenth of tFit: earlier evaluations are chance for every task. */
export const X_MIN = 0.1;
/** …and ends at 100 × tFit, or the next power of ten that holds the longest run. */
const X_MAX = 100;
const X_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];
/** The delay ratio from which a phase can be grokking (harness GROKKING_DELAY_RATIO). */
const DELAY_BOUNDARY = 2;

const PARADIGM_ORDER = ['supervised', 'reinforcement', 'unsupervised'];

/** The paradigms present, in panel order: supervised, reinforcement, unsupervised, then any other by name. */
export function orderedParadigms(present: ReadonlySet<string>): string[] {
  return [...PARADIGM_ORDER.filter((p) => present.has(p)), ...[...present].filter((p) => !PARADIGM_ORDER.includes(p)).sort()];
}
const COLUMNS = 3;
// Three panels and their axes within a 1,280 px window.
const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 210;
/**
 * Characters per line of the note under the panels. Vega sizes text in Node (the SVG plots) at
 * 0.8 × font size a character, so a longer line would widen the SVG past its panels.
 */
const NOTE_WIDTH = 110;

export interface NormalizedPoint {
  /** step / tFit */
  x: number;
  /** (held-out − chance) / (θ − chance): 0 at chance, 1 at θ */
  y: number;
}

/**
 * A run's held-out curve on the normalized axes, downsampled log-spaced from X_MIN × tFit on, or
 * the reason it has no place on them (no training fit, no curve).
 */
export function normalizedCurve(run: RunRecord, curve: readonly CurveSample[] | undefined, maxPoints = NORMALIZED_POINTS_PER_RUN): NormalizedPoint[] | string {
  const { tFit, theta } = run.metrics.primary;
  const { chance } = run.metrics;
  if (tFit === null) return 'training never reached θ (no tFit)';
  if (!(tFit > 0)) return 'the train score was at θ before training (tFit = 0)';
  if (!(theta > chance)) return 'θ is not above chance';
  if (!curve?.length) return 'no curve file';
  const samples = curve.filter((sample) => sample.step >= X_MIN * tFit && Number.isFinite(sample.series.heldout));
  if (samples.length === 0) return `no held-out score in its curve from ${X_MIN} × tFit on`;
  return downsampleLogSpaced(samples, maxPoints).map((sample) => ({
    x: roundForPlot(sample.step / tFit),
    y: roundForPlot((sample.series.heldout - chance) / (theta - chance)),
  }));
}

interface RunRow {
  /** Index joining the run to its points: the points carry only r, x and y, so 100 runs stay small. */
  r: number;
  paradigm: string;
  entry: string;
  seed: number;
  phase: string;
  F: number | null;
}

interface SkippedRun {
  paradigm: string;
  entry: string;
  seed: number;
  reason: string;
}

interface Normalized {
  runs: RunRow[];
  points: (NormalizedPoint & { r: number })[];
  skipped: SkippedRun[];
  paradigms: string[];
}

function normalizeAll(leaderboard: Leaderboard, curves: ReadonlyMap<string, CurveSample[]>): Normalized {
  const result: Normalized = { runs: [], points: [], skipped: [], paradigms: [] };
  const all = leaderboard.entries.flatMap((entry) => entry.runs.map((run) => ({ entry, run })));
  all.forEach(({ entry, run }, r) => {
    const curve = normalizedCurve(run, curves.get(run.runId));
    if (typeof curve === 'string') return void result.skipped.push({ paradigm: entry.paradigm, entry: entryTitle(entry), seed: run.seed, reason: curve });
    result.runs.push({ r, paradigm: entry.paradigm, entry: entryTitle(entry), seed: run.seed, phase: runPhase(run).phase, F: run.metrics.primary.riseAfterFit ?? null });
    result.points.push(...curve.map((point) => ({ r, ...point })));
  });
  const present = new Set(leaderboard.entries.map((entry) => entry.paradigm));
  result.paradigms = orderedParadigms(present);
  return result;
}

/** "training never reached θ (no tFit): vae-digits/quick/adamw seeds 0, 1; …", one line per reason, wrapped. */
function skippedNote(skipped: readonly SkippedRun[]): string[] {
  const reasons = [...new Set(skipped.map((s) => s.reason))];
  return reasons.flatMap((reason) => {
    const ofReason = skipped.filter((s) => s.reason === reason);
    const entries = [...new Set(ofReason.map((s) => s.entry))];
    const list = entries.map((entry) => {
      const seeds = ofReason.filter((s) => s.entry === entry).map((s) => s.seed);
      return `${entry} seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}`;
    });
    return wrap(`Not on these axes, ${ofReason.length} run${ofReason.length > 1 ? 's' : ''}: ${reason}: ${list.join('; ')}.`, NOTE_WIDTH);
  });
}

interface Domains {
  x: [number, number];
  y: [number, number];
}

function domainsOf(points: readonly NormalizedPoint[]): Domains {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const longest = Math.max(X_MAX, ...xs);
  return {
    x: [X_MIN, 10 ** Math.ceil(Math.log10(longest))],
    // Chance and θ always in view, with a margin; a score below chance (noise) or above θ stretches it.
    y: [Math.min(-0.1, Math.floor(Math.min(0, ...ys) * 10) / 10), Math.max(1.1, Math.ceil(Math.max(1, ...ys) * 10) / 10)],
  };
}

const REFERENCE_STYLE = { color: '#888', strokeWidth: 1 };
const LABEL_STYLE = { fontSize: 10, color: '#555' };

/** Training fit (1) and the delay-ratio boundary (2) across, chance (0) and θ (1) along: the same in every panel. */
function referenceLayers(x: object, y: object) {
  const verticals = { values: [{ x: 1, label: 'fit' }, { x: DELAY_BOUNDARY, label: `${DELAY_BOUNDARY}× fit` }] };
  const horizontals = { values: [{ y: 0, label: 'chance' }, { y: 1, label: 'θ' }] };
  return [
    { data: verticals, mark: { type: 'rule', strokeDash: [5, 3], ...REFERENCE_STYLE }, encoding: { x: { field: 'x', ...x } } },
    { data: verticals, mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, ...LABEL_STYLE }, encoding: { x: { field: 'x', ...x }, y: { value: 0 }, text: { field: 'label' } } },
    { data: horizontals, mark: { type: 'rule', strokeDash: [2, 2], ...REFERENCE_STYLE }, encoding: { y: { field: 'y', ...y } } },
    { data: horizontals, mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, ...LABEL_STYLE }, encoding: { y: { field: 'y', ...y }, x: { value: PANEL_WIDTH - 2 }, text: { field: 'label' } } },
  ];
}

function panel(paradigm: string, index: number, data: Normalized, domains: Domains, color: object) {
  const drawn = data.runs.filter((run) => run.paradigm === paradigm).length;
  const skipped = data.skipped.filter((run) => run.paradigm === paradigm).length;
  const subtitle = skipped ? `${drawn} of ${drawn + skipped} runs drawn, the rest named below` : `${drawn} run${drawn === 1 ? '' : 's'} drawn`;
  const x = { type: 'quantitative', scale: { type: 'log', domain: domains.x, nice: false }, axis: { title: 'step / tFit (log scale)', values: X_TICKS, format: '~g', grid: true } };
  const y = { type: 'quantitative', scale: { domain: domains.y, nice: false }, axis: { title: index % COLUMNS === 0 ? 'held-out, normalized' : null, values: [0, 0.5, 1], grid: true } };
  return {
    title: { text: paradigm, subtitle, fontSize: 12, anchor: 'start', frame: 'group' },
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      ...referenceLayers(x, y),
      {
        data: { name: 'points' },
        transform: [{ lookup: 'r', from: { data: { name: 'runs' }, key: 'r', fields: ['paradigm', 'entry', 'seed', 'phase', 'F'] } }, { filter: { field: 'paradigm', equal: paradigm } }],
        mark: { type: 'line', strokeWidth: 1.3, opacity: 0.8, clip: true },
        encoding: {
          x: { field: 'x', ...x },
          y: { field: 'y', ...y },
          color,
          detail: { field: 'r' },
          tooltip: [{ field: 'entry' }, { field: 'seed' }, { field: 'phase' }, { field: 'F', title: 'rise after fit F', format: '.2f' }],
        },
      },
    ],
  };
}

/** The runs that could not be normalized, named under the panels: a run left off is said to be, never silently dropped. */
function notePanel(lines: readonly string[]) {
  return {
    data: { values: lines.map((text, i) => ({ i, text })) },
    width: COLUMNS * PANEL_WIDTH,
    height: { step: 15 },
    view: { stroke: null },
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11, color: '#555' },
    encoding: { x: { value: 0 }, y: { field: 'i', type: 'ordinal', axis: null }, text: { field: 'text' } },
  };
}

/**
 * Every run's held-out curve on axes that make runs of any task comparable: step / tFit and
 * (held-out − chance) / (θ − chance), one panel per paradigm with the same axes, coloured by
 * phase. A grokking curve stays near 0 past x = 2 and then jumps to 1; a gradual one climbs
 * through x = 1. Runs without a training fit are named in a note under the panels.
 */
export function crossParadigmChart(leaderboard: Leaderboard, curves: ReadonlyMap<string, CurveSample[]>): Chart | null {
  const data = normalizeAll(leaderboard, curves);
  if (data.paradigms.length === 0) return null;
  const domains = domainsOf(data.points);
  const color = phaseColorEncoding(data.runs.map((run) => run.phase));
  const note = skippedNote(data.skipped);
  const panels = { concat: data.paradigms.map((paradigm, i) => panel(paradigm, i, data, domains, color)), columns: COLUMNS, spacing: 18 };
  return {
    id: 'cross-paradigm',
    title: 'Held-out curves across paradigms, normalized',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: 'Held-out curves across paradigms, normalized',
        subtitle: [
          'every run: held-out score against step / tFit (log scale), the same axes in every panel;',
          'scaled so that chance is 0 and θ = 0.95 is 1; one colour per phase.',
          `Dashed: training fit (1) and ${DELAY_BOUNDARY}× tFit, the delay-ratio boundary. Grokking stays near 0 past ${DELAY_BOUNDARY}, then jumps;`,
          'a gradual rise climbs through 1.',
        ],
      },
      datasets: { runs: data.runs, points: data.points },
      vconcat: [panels, ...(note.length ? [notePanel(note)] : [])],
      spacing: 12,
      resolve: { scale: { color: 'shared' } },
      config: CHART_CONFIG,
    } as unknown as Chart['spec'],
  };
}
