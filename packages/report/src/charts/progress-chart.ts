import type { Leaderboard, RunRecord } from '@grokbench/harness';
import type { CurveSample } from '../load/curve-file.js';
import { downsampleLogSpaced } from '../load/downsample.js';
import { entryTitle } from '../load/optional-fields.js';
import { CHART_CONFIG, roundForPlot, VEGA_LITE_SCHEMA, type Chart } from './chart.js';
import { NORMALIZED_POINTS_PER_RUN, orderedParadigms, X_MIN } from './cross-paradigm-chart.js';
import { readableName } from './curves-chart.js';

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 190;
const X_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const HELDOUT = 'held-out score';
const SERIES_COLORS = { domain: [HELDOUT, 'circuit series'], range: ['#d62728', '#9467bd'] };

interface ProgressPoint {
  /** Run index. */
  r: number;
  paradigm: string;
  x: number;
  y: number;
  series: string;
}

interface ProgressRun {
  r: number;
  paradigm: string;
  entry: string;
  seed: number;
  circuit: string;
  formedAt: number | null;
  /** formedAt / tFit: where the half-formed rule sits on the x axis. */
  formedX: number | null;
  leadSteps: number | null;
}

/**
 * A run's held-out score, (held-out − chance)/(θ − chance), and its circuit series, (v − first) /
 * (final − first), against step / tFit: both 0 at their start and 1 at θ or where the circuit
 * settled. Null when the run has no circuit timing, no fit, or no curve holding the series.
 */
function progressPoints(run: RunRecord, r: number, paradigm: string, curve: readonly CurveSample[] | undefined): ProgressPoint[] | null {
  const circuit = run.metrics.circuit;
  const { tFit, theta } = run.metrics.primary;
  const { chance } = run.metrics;
  if (!circuit || circuit.first === null || circuit.final === null || circuit.final === circuit.first || !(tFit !== null && tFit > 0) || !curve?.length) return null;
  const { first, final } = circuit;
  const samples = downsampleLogSpaced(
    curve.filter((sample) => sample.step >= X_MIN * tFit),
    NORMALIZED_POINTS_PER_RUN,
  );
  // A curve that does not hold the circuit series (drawn without it) has nothing to show here.
  if (!samples.some((sample) => Number.isFinite(sample.series[circuit.series]))) return null;
  return samples.flatMap((sample) => {
    const x = roundForPlot(sample.step / tFit);
    const points: ProgressPoint[] = [];
    if (Number.isFinite(sample.series.heldout)) points.push({ r, paradigm, x, y: roundForPlot((sample.series.heldout - chance) / (theta - chance)), series: HELDOUT });
    const value = sample.series[circuit.series];
    if (Number.isFinite(value)) points.push({ r, paradigm, x, y: roundForPlot((value - first) / (final - first)), series: 'circuit series' });
    return points;
  });
}

function panel(paradigm: string, index: number, runs: readonly ProgressRun[], xMax: number) {
  const ofParadigm = runs.filter((run) => run.paradigm === paradigm);
  const x = { type: 'quantitative', scale: { type: 'log', domain: [X_MIN, xMax], nice: false }, axis: { title: 'step / tFit (log scale)', values: X_TICKS, format: '~g', grid: true } };
  const y = { type: 'quantitative', scale: { domain: [-0.1, 1.15], nice: false }, axis: { title: index === 0 ? 'normalized' : null, values: [0, 0.5, 1], grid: true } };
  const names = [...new Set(ofParadigm.map((run) => `${run.entry} s${run.seed}`))];
  return {
    title: { text: paradigm, subtitle: names.length <= 3 ? names : `${names.length} runs`, fontSize: 12, anchor: 'start', frame: 'group' },
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      { data: { values: [{ x: 1 }] }, mark: { type: 'rule', strokeDash: [5, 3], color: '#888' }, encoding: { x: { field: 'x', ...x } } },
      { data: { values: [{ y: 0 }, { y: 1 }] }, mark: { type: 'rule', strokeDash: [2, 2], color: '#888' }, encoding: { y: { field: 'y', ...y } } },
      {
        data: { name: 'points' },
        transform: [{ filter: { field: 'paradigm', equal: paradigm } }],
        mark: { type: 'line', strokeWidth: 1.4, opacity: 0.85, clip: true },
        encoding: {
          x: { field: 'x', ...x },
          y: { field: 'y', ...y },
          color: { field: 'series', type: 'nominal', scale: SERIES_COLORS, legend: { title: null, orient: 'top' } },
          detail: { field: 'r' },
        },
      },
      {
        // Where the circuit was half-formed, per run.
        data: { name: 'runs' },
        transform: [{ filter: { field: 'paradigm', equal: paradigm } }, { filter: 'isValid(datum.formedX)' }],
        mark: { type: 'rule', strokeDash: [1, 2], color: '#9467bd' },
        encoding: { x: { field: 'formedX', ...x }, tooltip: [{ field: 'entry' }, { field: 'seed' }, { field: 'formedAt', title: 'half-formed at step' }, { field: 'leadSteps', title: 'steps before tGrok' }] },
      },
    ],
  };
}

/**
 * The circuit forming against the jump, in every paradigm: each run's held-out score and its
 * circuit series (the residue embeddings' Fourier IPR), both normalized, against step / tFit. The
 * circuit curve rising before the held-out one is the circuit visible before the jump. Null when
 * no run records a circuit series with a curve.
 */
export function progressChart(leaderboard: Leaderboard, curves: ReadonlyMap<string, CurveSample[]>): Chart | null {
  const runs: ProgressRun[] = [];
  const points: ProgressPoint[] = [];
  leaderboard.entries.forEach((entry) =>
    entry.runs.forEach((run) => {
      const r = runs.length;
      const drawn = progressPoints(run, r, entry.paradigm, curves.get(run.runId));
      if (!drawn?.length) return;
      const circuit = run.metrics.circuit!;
      const tFit = run.metrics.primary.tFit!;
      const formedX = circuit.formedAt === null ? null : roundForPlot(circuit.formedAt / tFit);
      runs.push({ r, paradigm: entry.paradigm, entry: entryTitle(entry), seed: run.seed, circuit: readableName(circuit.series), formedAt: circuit.formedAt, formedX, leadSteps: circuit.leadSteps });
      points.push(...drawn);
    }),
  );
  if (runs.length === 0) return null;
  const paradigms = orderedParadigms(new Set(runs.map((run) => run.paradigm)));
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(10, ...points.map((p) => p.x))));
  const series = [...new Set(runs.map((run) => run.circuit))].join(', ');
  return {
    id: 'progress-measures',
    title: 'Circuit and held-out score across paradigms, normalized',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: 'Circuit and held-out score across paradigms, normalized',
        subtitle: [
          `each run: held-out score (chance 0, θ 1) and its circuit series, ${series} (start 0, end 1),`,
          'against step / tFit (log scale). Dotted: where the circuit was half-formed. A circuit curve rising',
          'before the held-out one is structure visible before the jump.',
        ],
      },
      datasets: { runs, points },
      concat: paradigms.map((paradigm, i) => panel(paradigm, i, runs, xMax)),
      columns: 3,
      spacing: 18,
      config: CHART_CONFIG,
    } as unknown as Chart['spec'],
  };
}
