// The report (DESIGN §6): an offline HTML page and SVG plots of a leaderboard and its runs' curves.
export { readCurveFile, type CurveSample } from './load/curve-file.js';
export { downsampleLogSpaced } from './load/downsample.js';
export { curveFileOf, defaultRunsDir, loadReportData, MAX_CURVE_POINTS, type LoadReportOptions, type MissingCurve, type ReportData } from './load/report-data.js';
export { allCharts, buildCharts, type ReportCharts } from './charts/build-charts.js';
export type { Chart } from './charts/chart.js';
export { renderSvg } from './output/render-svg.js';
export { ReportError } from './report-error.js';
export { reportPage } from './html/report-page.js';
export { writePlots, writeReport, type ReportSource, type WrittenReport } from './output/write-report.js';
