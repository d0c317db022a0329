import fs from 'node:fs';
import path from 'node:path';
import type { CurvePoint } from '@grokbench/trainer';
import { computeRunMetrics, runMetricsOptions, THETA_PRIMARY, type RunMetrics } from '../metrics/index.js';
import type { RunRecord } from '../run-record.js';
import { AnalyzeError } from './analyze-error.js';
import { curveKind, DEFAULT_CSV_COLUMNS, readCurveCsv, readCurveJsonl, type CsvColumns } from './curve-files.js';

export interface AnalyzeRequest {
  /** A run folder (run.json + curve.jsonl), a curve.jsonl, or a CSV. */
  file: string;
  /** Chance level of the held-out score; required unless a run.json gives it. */
  chance?: number;
  /** Primary threshold θ; default the run's own (0.95). */
  theta?: number;
  /** CSV column names. */
  columns?: CsvColumns;
  /** Series whose timing must agree with a grokking verdict; default the run's, or the held-out loss. */
  primaryCompanion?: string;
  /** The primary companion a task names (Task.primaryCompanion), for records that do not say. */
  primaryCompanionOf?(task: string): string | undefined;
}

export interface CurveAnalysis {
  source: string;
  /** The run.json the settings came from, when there was one. */
  runId: string | null;
  task: string | null;
  metrics: RunMetrics;
}

/** A run.json, or one line saying why it cannot be read (the errno code when there is one). */
export function readRunRecord(file: string): RunRecord {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
  } catch (error) {
    throw new AnalyzeError(`${file}: cannot read the run record (${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]})`);
  }
}

/** The run.json that goes with a curve: inside a run folder, or beside a curve.jsonl. */
function recordFor(file: string, kind: ReturnType<typeof curveKind>): RunRecord | null {
  if (kind === 'csv') return null;
  const candidate = path.join(kind === 'run-folder' ? file : path.dirname(file), 'run.json');
  return fs.existsSync(candidate) ? readRunRecord(candidate) : null;
}

/**
 * The primary companion of a recorded run: what its metrics say it was checked against, else what
 * its task names, else the default (held-out loss).
 */
export function recordedPrimaryCompanion(record: RunRecord, primaryCompanionOf?: (task: string) => string | undefined): string | undefined {
  return record.metrics.companionAgreement?.series ?? primaryCompanionOf?.(record.task);
}

/** Settings to measure a recorded curve with other than the record's own. */
export interface MeasureOverrides {
  chance?: number;
  theta?: number;
  primaryCompanion?: string;
  /** The circuit series to time in records that do not name one; used only where the record has that companion. */
  circuitSeries?: string;
}

/**
 * Runs the metrics, reporting a curve or setting they refuse (unsorted steps, a chance outside
 * [0, 1], a companion the curve does not record) as an AnalyzeError naming the source.
 */
function measure(curve: readonly CurvePoint[], label: string, options: Parameters<typeof runMetricsOptions>[0]): RunMetrics {
  try {
    return computeRunMetrics(curve, runMetricsOptions(options));
  } catch (error) {
    throw new AnalyzeError(`${label}: ${(error as Error).message}`);
  }
}

/**
 * The series the runner timed as the circuit; a record from before circuit timing names none, and
 * then `requested` is timed where the record has that companion.
 */
function recordedCircuitSeries(record: RunRecord, requested: string | undefined): string | undefined {
  if (record.metrics.circuit) return record.metrics.circuit.series;
  return requested !== undefined && record.metrics.companions?.[requested] ? requested : undefined;
}

/** The metrics a recorded run gets from its own curve under today's definitions. */
export function metricsOfRecordedCurve(record: RunRecord, curve: readonly CurvePoint[], label: string, overrides: MeasureOverrides = {}): RunMetrics {
  const companions = Object.fromEntries(
    Object.entries(record.metrics.companions ?? {}).map(([name, c]) => [name, { better: c.better, ...(c.description ? { description: c.description } : {}) }]),
  );
  return measure(curve, label, {
    chance: overrides.chance ?? record.metrics.chance,
    companions,
    primaryCompanion: overrides.primaryCompanion,
    diverged: record.stoppedBy === 'diverged',
    thetaPrimary: overrides.theta ?? record.metrics.primary.theta,
    circuitSeries: recordedCircuitSeries(record, overrides.circuitSeries),
  });
}

/**
 * Every grokbench metric and the verdict of one curve, by the code path the runner uses
 * (`runMetricsOptions` + `computeRunMetrics`). A run folder or a curve.jsonl with its run.json
 * takes chance, θ, companions and divergence from the record; a CSV needs --chance.
 */
export function analyzeCurve(request: AnalyzeRequest): CurveAnalysis {
  const { file } = request;
  const kind = curveKind(file);
  const record = recordFor(file, kind);
  const curveFile = kind === 'run-folder' ? path.join(file, 'curve.jsonl') : file;
  const curve = kind === 'csv' ? readCurveCsv(file, request.columns ?? DEFAULT_CSV_COLUMNS) : readCurveJsonl(curveFile);
  const base = { source: file, runId: record?.runId ?? null, task: record?.task ?? null };
  if (record) {
    const primaryCompanion = request.primaryCompanion ?? recordedPrimaryCompanion(record, request.primaryCompanionOf);
    return { ...base, metrics: metricsOfRecordedCurve(record, curve, file, { chance: request.chance, theta: request.theta, primaryCompanion }) };
  }
  if (request.chance === undefined) {
    throw new AnalyzeError(`${file}: give --chance (the held-out score of a model that guesses, e.g. 0.0103 for 1/97); there is no run.json to read it from`);
  }
  // A CSV cannot hold a diverged run: a NaN in it is refused as "not a number" while reading.
  return { ...base, metrics: measure(curve, file, { chance: request.chance, primaryCompanion: request.primaryCompanion, diverged: false, thetaPrimary: request.theta ?? THETA_PRIMARY }) };
}
