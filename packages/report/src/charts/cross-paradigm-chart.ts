import type { Leaderboard, RunRecord } from '@grokbench/harness';
import { budgetOf, entryTitle, runStatus } from '../load/optional-fields.js';
import { CHART_CONFIG, roundForPlot, VEGA_LITE_SCHEMA, type Chart } from './chart.js';
import { STATUS_LABEL, STATUS_SHAPE } from './run-status-marks.js';

const T_GROK = 'tGrok (steps, log scale)';
const DELAY_RATIO = 'delay ratio tGrok / tFit (log scale)';

interface PointRow {
  paradigm: string;
  entry: string;
  seed: number;
  status: string;
  metric: string;
  value: number;
}

/**
 * The step a run is drawn at: its tGrok; the budget for a run that never grokked, the step it
 * stopped at for one that diverged — both lower bounds of a tGrok it never reached.
 */
function tGrokOrBound(run: RunRecord): number {
  const status = runStatus(run);
  if (status === 'diverged') return run.stepsRun;
  return status === 'grokked' ? run.metrics.primary.tGrok! : budgetOf(run);
}

function pointsOf(run: RunRecord, entry: string): PointRow[] {
  const base = { paradigm: run.paradigm, entry, seed: run.seed, status: STATUS_LABEL[runStatus(run)] };
  const step = tGrokOrBound(run);
  const { tFit, delayRatio } = run.metrics.primary;
  // For a run that did not grok the ratio is a lower bound too: the bound step over tFit.
  const ratio = runStatus(run) === 'grokked' ? delayRatio : tFit !== null && tFit > 0 ? step / tFit : null;
  return [
    ...(step > 0 ? [{ ...base, metric: T_GROK, value: step }] : []),
    ...(ratio !== null && ratio > 0 ? [{ ...base, metric: DELAY_RATIO, value: roundForPlot(ratio) }] : []),
  ];
}

/** tGrok and delay ratio of every run, one row of panels per paradigm, coloured by paradigm. */
export function crossParadigmChart(leaderboard: Leaderboard): Chart | null {
  const rows = leaderboard.entries.flatMap((entry) => entry.runs.map((run) => pointsOf(run, entryTitle(entry))).flat());
  if (rows.length === 0) return null;
  const paradigms = [...new Set(rows.map((row) => row.paradigm))].sort();
  return {
    id: 'cross-paradigm',
    title: 'Grokking across paradigms',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: 'Grokking across paradigms',
        subtitle: 'every run: tGrok at θ = 0.95 and the delay ratio; a run that never grokked is drawn at its budget (a lower bound)',
      },
      data: { values: rows },
      facet: {
        row: { field: 'paradigm', type: 'nominal', title: null, sort: paradigms, header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' } },
        column: { field: 'metric', type: 'nominal', title: null, sort: [T_GROK, DELAY_RATIO] },
      },
      spec: {
        // Two panels and their entry names within a 1,280 px window.
        width: 220,
        height: { step: 18 },
        mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
        encoding: {
          x: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
          y: { field: 'entry', type: 'nominal', title: null, axis: { labelLimit: 260 } },
          yOffset: { field: 'seed', type: 'nominal' },
          color: { field: 'paradigm', type: 'nominal', scale: { domain: paradigms }, title: 'paradigm', legend: { orient: 'bottom' } },
          shape: STATUS_SHAPE,
          tooltip: [{ field: 'entry' }, { field: 'seed' }, { field: 'status' }, { field: 'metric' }, { field: 'value', format: ',.3~g' }],
        },
      },
      resolve: { scale: { x: 'independent', y: 'independent' } },
      config: CHART_CONFIG,
    } as Chart['spec'],
  };
}
