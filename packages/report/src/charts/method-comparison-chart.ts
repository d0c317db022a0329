import type { LeaderboardEntry, RunRecord } from '@grokbench/harness';
import { budgetOf, entryDevice, entryLabels } from '../load/optional-fields.js';
import { runStatus } from '../load/run-outcome.js';
import { CHART_CONFIG, roundForPlot, slug, VEGA_LITE_SCHEMA, type Chart } from './chart.js';
import { STATUS_LABEL } from './run-status-marks.js';

const T_GROK = 'tGrok (steps)';
const WALL = 'wall seconds';

/** Entries that differ only in their method share (task, preset, device) and any extra labels. */
function comparisonKey(entry: LeaderboardEntry): string {
  return JSON.stringify([entry.task, entry.preset, entryDevice(entry), entryLabels(entry)]);
}

/** Groups of entries with more than one method, in leaderboard order. */
export function methodGroups(entries: readonly LeaderboardEntry[]): LeaderboardEntry[][] {
  const groups = new Map<string, LeaderboardEntry[]>();
  for (const entry of entries) groups.set(comparisonKey(entry), [...(groups.get(comparisonKey(entry)) ?? []), entry]);
  return [...groups.values()].filter((group) => new Set(group.map((entry) => entry.method)).size > 1);
}

function barsOf(entry: LeaderboardEntry, run: RunRecord) {
  const status = runStatus(run);
  const base = { method: entry.method, seed: `seed ${run.seed}`, status: STATUS_LABEL[status] };
  // A run that did not grok is drawn at its budget (or stop) and faded: a lower bound, not a time.
  // A lost run did reach θ, at its tGrok, but did not keep it: drawn there, faded as well.
  const tGrok = status === 'grokked' || status === 'lost' ? run.metrics.primary.tGrok! : status === 'diverged' ? run.stepsRun : budgetOf(run);
  return [
    { ...base, metric: T_GROK, value: tGrok },
    { ...base, metric: WALL, value: roundForPlot(run.wallSeconds) },
  ];
}

function comparisonChart(group: LeaderboardEntry[]): Chart {
  const [first] = group;
  const labels = Object.values(entryLabels(first));
  const name = [`${first.task}/${first.preset}`, ...labels].join(' ');
  const methods = group.map((entry) => entry.method);
  return {
    id: `methods-${slug(name)}`,
    title: `${name}: methods compared`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: `${name}: ${methods.join(' vs ')}`,
        subtitle: 'per seed, side by side; a faded bar is a run that did not grok and keep it: at its tGrok if it lost θ, else at its budget or stop',
      },
      data: { values: group.flatMap((entry) => entry.runs.map((run) => barsOf(entry, run)).flat()) },
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: [T_GROK, WALL] } },
      spec: {
        width: { step: 22 },
        height: 180,
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'seed', type: 'nominal', title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'method', type: 'nominal', sort: methods },
          y: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'method', type: 'nominal', sort: methods, title: 'method' },
          opacity: {
            field: 'status',
            type: 'ordinal',
            sort: Object.values(STATUS_LABEL),
            title: 'run',
            scale: { type: 'ordinal', domain: Object.values(STATUS_LABEL), range: [1, 0.55, 0.3, 0.15] },
          },
          tooltip: [{ field: 'method' }, { field: 'seed' }, { field: 'status' }, { field: 'metric' }, { field: 'value', format: ',.4~g' }],
        },
      },
      resolve: { scale: { y: 'independent' } },
      config: CHART_CONFIG,
    } as Chart['spec'],
  };
}

/** One chart per group of entries that differ only in method (e.g. Grokfast vs the AdamW baseline). */
export function methodComparisonCharts(entries: readonly LeaderboardEntry[]): Chart[] {
  return methodGroups(entries).map(comparisonChart);
}
