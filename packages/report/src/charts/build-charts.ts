import type { ReportData } from '../load/report-data.js';
import type { Chart } from './chart.js';
import { crossParadigmChart } from './cross-paradigm-chart.js';
import { curvesChart } from './curves-chart.js';
import { methodComparisonCharts } from './method-comparison-chart.js';
import { progressChart } from './progress-chart.js';
import { throughputChart } from './throughput-chart.js';

/** The report's charts by section, in page order. */
export interface ReportCharts {
  curves: Chart[];
  crossParadigm: Chart | null;
  /** The circuit series against the held-out score, normalized, per paradigm (docs/progress-measures.md). */
  progress: Chart | null;
  methods: Chart[];
  throughput: Chart | null;
}

export function buildCharts(data: ReportData): ReportCharts {
  const { entries } = data.leaderboard;
  return {
    curves: entries.map((entry) => curvesChart(entry, data.curves)).filter((chart): chart is Chart => chart !== null),
    crossParadigm: crossParadigmChart(data.leaderboard, data.curves),
    progress: progressChart(data.leaderboard, data.curves),
    methods: methodComparisonCharts(entries),
    throughput: throughputChart(data.leaderboard),
  };
}

export function allCharts(charts: ReportCharts): Chart[] {
  return [...charts.curves, ...(charts.crossParadigm ? [charts.crossParadigm] : []), ...(charts.progress ? [charts.progress] : []), ...charts.methods, ...(charts.throughput ? [charts.throughput] : [])];
}
