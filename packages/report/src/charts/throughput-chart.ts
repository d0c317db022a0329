import type { Leaderboard } from '@grokbench/harness';
import { engineLabel, entryTitle } from '../load/optional-fields.js';
import { CHART_CONFIG, roundForPlot, VEGA_LITE_SCHEMA, type Chart } from './chart.js';

const STEPS = 'steps / s';
const GFLOPS = 'achieved GFLOP/s';

/** Steps/s and GFLOP/s of every run, coloured by engine, backend, device and threads. */
export function throughputChart(leaderboard: Leaderboard): Chart | null {
  const rows = leaderboard.entries.flatMap((entry) =>
    entry.runs.flatMap((run) => {
      const base = { entry: entryTitle(entry), seed: run.seed, engine: engineLabel(run), cpu: run.environment.cpuModel };
      const { stepsPerSecond, gflops } = run.throughput;
      return [
        ...(stepsPerSecond === null ? [] : [{ ...base, metric: STEPS, value: roundForPlot(stepsPerSecond) }]),
        ...(gflops === null ? [] : [{ ...base, metric: GFLOPS, value: roundForPlot(gflops) }]),
      ];
    }),
  );
  if (rows.length === 0) return null;
  return {
    id: 'throughput',
    title: 'Throughput by device and engine',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: 'Throughput by device and engine', subtitle: 'every run; compare figures measured on the same machine' },
      data: { values: rows },
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: [STEPS, GFLOPS] } },
      spec: {
        width: 260,
        height: { step: 18 },
        mark: { type: 'point', filled: true, size: 55, opacity: 0.8 },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: null, scale: { zero: true } },
          y: { field: 'entry', type: 'nominal', title: null },
          yOffset: { field: 'seed', type: 'nominal' },
          color: { field: 'engine', type: 'nominal', title: 'engine · device · threads', legend: { orient: 'bottom', direction: 'vertical' } },
          tooltip: [{ field: 'entry' }, { field: 'seed' }, { field: 'engine' }, { field: 'cpu' }, { field: 'metric' }, { field: 'value', format: ',.4~g' }],
        },
      },
      resolve: { scale: { x: 'independent' } },
      config: CHART_CONFIG,
    } as Chart['spec'],
  };
}
