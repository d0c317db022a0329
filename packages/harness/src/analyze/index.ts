export { AnalyzeError } from './analyze-error.js';
export { analyzeCurve, metricsOfRecordedCurve, recordedPrimaryCompanion, type AnalyzeRequest, type CurveAnalysis, type MeasureOverrides } from './analyze-curve.js';
export { curveKind, DEFAULT_CSV_COLUMNS, readCurveCsv, readCurveJsonl, type CsvColumns } from './curve-files.js';
export { relabelResults, type RelabelRequest, type RelabelResult, type RelabelledRun } from './relabel.js';
