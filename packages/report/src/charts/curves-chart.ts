import type { LeaderboardEntry, RunRecord } from '@grokbench/harness';
import type { CurveSample } from '../load/curve-file.js';
import { entryDevice, entryTitle } from '../load/optional-fields.js';
import { runStatus, type RunStatus } from '../load/run-outcome.js';
import { CHART_CONFIG, roundForPlot, slug, VEGA_LITE_SCHEMA, wrap, type Chart } from './chart.js';

/** Series with a panel of their own; every other series a curve holds is an extra panel. */
const SCORES = ['train', 'heldout'];
const LOSSES = ['trainLoss', 'heldoutLoss'];
const WEIGHT_NORM = 'weightNorm';
/** Time, not learning: recorded for throughput, not drawn. */
const NOT_DRAWN = new Set(['trainSeconds']);

// Two charts side by side in a 1,280 px window: each ≈ 590 px with its axes.
const WIDTH = 500;
const SCORE_COLORS = { domain: ['train', 'heldout'], range: ['#1f77b4', '#d62728'] };
/** Colours of companion losses drawn with the train loss (restricted, excluded), after the score colours. */
const COMPANION_LOSS_COLORS = ['#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

/**
 * The colour encoding every panel of a chart shares (one legend): train and held-out, then each
 * companion loss by its name without "Loss" (restricted, excluded).
 */
function seriesColor(companionLosses: readonly string[] = []) {
  const extra = companionLosses.map((name) => name.replace('Loss', ''));
  return {
    field: 'series',
    type: 'nominal',
    scale: { domain: [...SCORE_COLORS.domain, ...extra], range: [...SCORE_COLORS.range, ...COMPANION_LOSS_COLORS.slice(0, extra.length)] },
    legend: { title: null, orient: 'top', labelExpr: "datum.label === 'heldout' ? 'held-out' : datum.label" },
  } as const;
}
type SeriesColor = ReturnType<typeof seriesColor>;

interface CurveRow {
  seed: number;
  step: number;
  [series: string]: number;
}

/** The runs' curves as plot rows. Step 0 has no place on a log axis and is left out. */
function curveRows(runs: readonly RunRecord[], curves: ReadonlyMap<string, CurveSample[]>): CurveRow[] {
  return runs.flatMap((run) =>
    (curves.get(run.runId) ?? [])
      .filter((sample) => sample.step > 0)
      .map((sample) => {
        const series = Object.entries(sample.series).filter(([name]) => !NOT_DRAWN.has(name));
        return { seed: run.seed, step: sample.step, ...Object.fromEntries(series.map(([name, value]) => [name, roundForPlot(value)])) };
      }),
  );
}

/** tFit on the train colour, tGrok on the held-out colour, one rule per seed that reached it. */
function onsetMarkers(runs: readonly RunRecord[]) {
  return runs.flatMap((run) => {
    const { tFit, tGrok } = run.metrics.primary;
    return [
      ...(tFit === null ? [] : [{ seed: run.seed, series: 'train', onset: 'tFit', step: Math.max(tFit, 1) }]),
      ...(tGrok === null ? [] : [{ seed: run.seed, series: 'heldout', onset: 'tGrok', step: Math.max(tGrok, 1) }]),
    ];
  });
}

/** Where each seed's circuit series was half-formed and 90 % formed (run metrics `circuit`): the phases under the scores. */
function circuitMarkers(runs: readonly RunRecord[]) {
  return runs.flatMap((run) => {
    const circuit = run.metrics.circuit;
    if (!circuit) return [];
    return [
      ...(circuit.formedAt === null ? [] : [{ seed: run.seed, mark: 'circuit ½', step: Math.max(circuit.formedAt, 1) }]),
      ...(circuit.cleanupEndsAt === null ? [] : [{ seed: run.seed, mark: 'circuit 90 %', step: Math.max(circuit.cleanupEndsAt, 1) }]),
    ];
  });
}

const CIRCUIT_COLOR = '#9467bd';

/** Rules at the circuit markers, labelled once per kind at the seeds' median step. */
function circuitLayers() {
  return [
    {
      data: { name: 'circuitMarkers' },
      mark: { type: 'rule', strokeDash: [1, 2], strokeWidth: 1.2, color: CIRCUIT_COLOR },
      encoding: { x: { field: 'step', type: 'quantitative' }, tooltip: [{ field: 'mark' }, { field: 'seed' }, { field: 'step' }] },
    },
    // Labels at two heights, so the two kinds never print over each other.
    ...['circuit ½', 'circuit 90 %'].map((mark, i) => ({
      data: { name: 'circuitMarkers' },
      transform: [{ filter: { field: 'mark', equal: mark } }, { aggregate: [{ op: 'median', field: 'step', as: 'step' }], groupby: ['mark'] }],
      mark: { type: 'text', fontSize: 10, align: 'right', dx: -2, baseline: 'bottom', color: CIRCUIT_COLOR },
      encoding: { x: { field: 'step', type: 'quantitative' }, y: { datum: 0.2 - 0.1 * i }, text: { field: 'mark' } },
    })),
  ];
}

function seriesNames(rows: readonly CurveRow[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((name) => name !== 'seed' && name !== 'step');
}

function stepAxis(rows: readonly CurveRow[], title: string | null) {
  const steps = rows.map((row) => row.step);
  return {
    field: 'step',
    type: 'quantitative',
    scale: { type: 'log', domain: [Math.min(...steps), Math.max(...steps)], nice: false },
    axis: { title, format: '~s', grid: true },
  } as const;
}

function scorePanel(rows: readonly CurveRow[], chances: number[], withAxisTitle: boolean, withCircuit: boolean, color: SeriesColor) {
  const x = stepAxis(rows, withAxisTitle ? 'step (log scale)' : null);
  return {
    width: WIDTH,
    height: 220,
    layer: [
      {
        data: { name: 'curves' },
        transform: [{ fold: SCORES, as: ['series', 'score'] }],
        mark: { type: 'line', strokeWidth: 1.6, opacity: 0.85, clip: true },
        encoding: { x, y: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'score' }, color, detail: { field: 'seed' } },
      },
      {
        data: { name: 'markers' },
        mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 },
        encoding: {
          x: { field: 'step', type: 'quantitative' },
          color,
          tooltip: [{ field: 'onset' }, { field: 'seed' }, { field: 'step' }],
        },
      },
      {
        // One label per onset kind, at the seeds' median step.
        data: { name: 'markers' },
        transform: [{ aggregate: [{ op: 'median', field: 'step', as: 'step' }], groupby: ['onset', 'series'] }],
        mark: { type: 'text', dy: -6, fontSize: 10, align: 'center', baseline: 'bottom' },
        encoding: { x: { field: 'step', type: 'quantitative' }, y: { datum: 1 }, text: { field: 'onset' }, color },
      },
      { data: { values: chances.map((chance) => ({ chance })) }, mark: { type: 'rule', strokeDash: [2, 2], color: '#777' }, encoding: { y: { field: 'chance', type: 'quantitative' } } },
      {
        // One label above the highest chance line: seeds whose chance differs (vae-digits) would stack theirs.
        data: { values: [{ chance: Math.max(...chances) }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -2, fontSize: 10, color: '#555' },
        encoding: { y: { field: 'chance', type: 'quantitative' }, x: { value: 4 }, text: { value: 'chance' } },
      },
      ...(withCircuit ? circuitLayers() : []),
    ],
  };
}

/** A panel's y scale: linear, or for series spanning decades (losses) log — symlog where a value is ≤ 0, which log cannot show. */
type YScale = 'linear' | 'log' | 'symlog';

function yScaleOf(rows: readonly CurveRow[], series: readonly string[], wide: boolean): YScale {
  if (!wide) return 'linear';
  const values = rows.flatMap((row) => series.map((name) => row[name])).filter((v) => typeof v === 'number' && Number.isFinite(v));
  return values.every((v) => v > 0) ? 'log' : 'symlog';
}

/** "heldoutOptimalActionAccuracy" → "held-out optimal action accuracy": a series name as people read it. */
export function readableName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bheldout\b/g, 'held-out');
}

interface PanelSpec {
  series: string[];
  title: string;
  /** What the series measures, from the run's record (a task's companion description). */
  description?: string;
  /** Spans decades (losses): a log scale, symlog where values reach 0 or below. */
  wide: boolean;
}

/** A small panel of one or more series against the same log-step axis, titled above (a y-axis title on a short panel gets cut). */
function seriesPanel(rows: readonly CurveRow[], panel: PanelSpec, withAxisTitle: boolean, color: SeriesColor) {
  const colored = panel.series.length > 1;
  const scale = yScaleOf(rows, panel.series, panel.wide);
  const title = scale === 'linear' ? panel.title : `${panel.title} (${scale} scale)`;
  return {
    width: WIDTH,
    height: 110,
    title: { text: title, fontSize: 11, fontWeight: 'normal', ...(panel.description ? { subtitle: wrap(panel.description), subtitleFontSize: 10 } : {}) },
    data: { name: 'curves' },
    transform: [
      { fold: panel.series, as: ['name', 'value'] },
      // Loss series share the score colours: trainLoss with train, heldoutLoss with held-out; a
      // companion loss gets its own (restrictedLoss: restricted).
      { calculate: "replace(datum.name, 'Loss', '')", as: 'series' },
    ],
    mark: { type: 'line', strokeWidth: 1.3, opacity: 0.85, ...(colored ? {} : { color: '#2ca02c' }) },
    encoding: {
      x: stepAxis(rows, withAxisTitle ? 'step (log scale)' : null),
      y: {
        field: 'value',
        type: 'quantitative',
        title: panel.title,
        scale: scale === 'linear' ? { zero: false } : { type: scale },
        axis: { title: null, tickCount: 4, ...(scale === 'log' ? { format: '~g' } : scale === 'symlog' ? { format: '~s' } : {}) },
      },
      detail: { field: 'seed' },
      ...(colored ? { color } : {}),
    },
  };
}

/**
 * Companion losses (a name ending in "Loss": the restricted and excluded loss of the progress
 * measures) share a log-scale panel with the train loss they are read against, as Nanda et al.
 * (2023) draw them.
 */
const COMPANION_LOSS = /.Loss$/;

const companionLosses = (present: readonly string[]) => present.filter((name) => COMPANION_LOSS.test(name) && !LOSSES.includes(name));

function companionLossPanel(present: readonly string[]): PanelSpec[] {
  const losses = companionLosses(present);
  if (losses.length === 0) return [];
  return [{ series: [...(present.includes('trainLoss') ? ['trainLoss'] : []), ...losses], title: losses.map(readableName).join(', '), wide: true }];
}

function lowerPanels(rows: readonly CurveRow[], runs: readonly RunRecord[], color: SeriesColor) {
  const present = seriesNames(rows);
  const losses = LOSSES.filter((name) => present.includes(name));
  const extras = present.filter((name) => !SCORES.includes(name) && !LOSSES.includes(name) && name !== WEIGHT_NORM && !COMPANION_LOSS.test(name));
  const described = (name: string) => runs.map((run) => run.metrics.companions?.[name]?.description).find(Boolean) ?? undefined;
  const panels: PanelSpec[] = [
    ...(present.includes(WEIGHT_NORM) ? [{ series: [WEIGHT_NORM], title: 'weight norm', wide: false }] : []),
    ...(losses.length ? [{ series: losses, title: 'loss', wide: true }] : []),
    ...companionLossPanel(present),
    ...extras.map((name) => ({ series: [name], title: readableName(name), description: described(name), wide: false })),
  ];
  return panels.map((panel, i) => seriesPanel(rows, panel, i === panels.length - 1, color));
}

function subtitle(entry: LeaderboardEntry, runs: readonly RunRecord[], curves: ReadonlyMap<string, CurveSample[]>): string[] {
  const drawn = runs.filter((run) => curves.has(run.runId)).map((run) => run.seed);
  const missing = runs.filter((run) => !curves.has(run.runId)).map((run) => run.seed);
  // Lost and diverged seeds are named, never counted among the grokked.
  const seedsOf = (status: RunStatus) => runs.filter((run) => runStatus(run) === status).map((run) => run.seed);
  const lost = seedsOf('lost');
  const diverged = seedsOf('diverged');
  return [
    [
      `${entry.paradigm} · ${entryDevice(entry)} · grokked ${seedsOf('grokked').length}/${runs.length}`,
      ...(lost.length ? [`lost: seed ${lost.join(', ')}`] : []),
      ...(diverged.length ? [`diverged: seed ${diverged.join(', ')}`] : []),
      `seeds ${drawn.join(', ')}${missing.length ? ` (no curve for seed ${missing.join(', ')})` : ''}`,
    ].join(' · '),
    'dashed: tFit (train colour) and tGrok (held-out colour) of each seed, θ = 0.95; dotted: chance',
    ...(runs.some((run) => run.metrics.circuit?.formedAt != null) ? ['purple: where the circuit series was half and 90 % formed'] : []),
  ];
}

/** Train and held-out score of every seed of one entry, with onsets, chance, weight norm and any other series. Null without curves. */
export function curvesChart(entry: LeaderboardEntry, curves: ReadonlyMap<string, CurveSample[]>): Chart | null {
  const rows = curveRows(entry.runs, curves);
  if (rows.length === 0) return null;
  const title = entryTitle(entry);
  const chances = [...new Set(entry.runs.map((run) => run.metrics.chance))];
  const color = seriesColor(companionLosses(seriesNames(rows)));
  const lower = lowerPanels(rows, entry.runs, color);
  const drawn = entry.runs.filter((run) => curves.has(run.runId));
  const circuit = circuitMarkers(drawn);
  return {
    id: `curves-${slug(title)}`,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      // A long variant goes on lines of its own rather than widening the chart past its column.
      title: { text: wrap(title, 60), subtitle: subtitle(entry, entry.runs, curves) },
      // Markers only for the seeds drawn: an onset without its curve would point at nothing.
      datasets: { curves: rows, markers: onsetMarkers(drawn), circuitMarkers: circuit },
      vconcat: [scorePanel(rows, chances, lower.length === 0, circuit.length > 0, color), ...lower],
      spacing: 8,
      resolve: { scale: { color: 'shared' } },
      config: CHART_CONFIG,
    } as Chart['spec'],
  };
}
