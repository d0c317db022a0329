import fs from 'node:fs';
import path from 'node:path';
import { readLeaderboard, recordRuns } from '../leaderboard/index.js';
import { secondsToGrok } from '../metrics/index.js';
import { gitState, grokbenchVersion } from '../provenance.js';
import type { RunRecord } from '../run-record.js';
import { AnalyzeError } from './analyze-error.js';
import { metricsOfRecordedCurve, recordedPrimaryCompanion } from './analyze-curve.js';
import { readCurveJsonl } from './curve-files.js';

export interface RelabelRequest {
  /** A leaderboard file (results/leaderboard.json, results/papers.json). */
  file: string;
  /** Folder holding one folder per run id with its curve.jsonl; default `runs/` beside the file. */
  runsDir?: string;
  /** Keep the recorded metrics of runs whose curve is missing (listed) instead of refusing. */
  keepMissing?: boolean;
  /** The primary companion a task names, for records that do not say which series they were checked against. */
  primaryCompanionOf?(task: string): string | undefined;
  /** The circuit series to time in runs recorded before circuit timing that record it (e.g. circuitShare). */
  circuitSeries?: string;
}

export interface RelabelledRun {
  runId: string;
  before: string;
  after: string;
}

export interface RelabelResult {
  relabelled: RelabelledRun[];
  /** Runs kept as recorded because their curve is not in runsDir. */
  missing: string[];
}

/**
 * The curve in runsDir must be the one the record was measured from: a folder re-run since (other
 * code, another CPU) holds another curve, and re-labelling from it would attach its verdict to the
 * recorded run. The last evaluation the record kept must be the curve's last, exactly.
 */
function assertSameRun(record: RunRecord, curveFile: string, last: { step: number; train: number; heldout: number }): void {
  const { final } = record.metrics;
  if (final.step !== last.step || final.train !== last.train || final.heldout !== last.heldout) {
    throw new AnalyzeError(
      `${curveFile}: not the curve run ${record.runId} recorded (its last evaluation is step ${last.step}, held-out ${last.heldout}; the record's is step ${final.step}, held-out ${final.heldout})`,
    );
  }
}

function relabelRun(record: RunRecord, curveFile: string, stamp: NonNullable<RunRecord['metrics']['relabelled']>, request: RelabelRequest): RunRecord {
  const curve = readCurveJsonl(curveFile);
  assertSameRun(record, curveFile, curve[curve.length - 1]);
  const metrics = metricsOfRecordedCurve(record, curve, curveFile, { primaryCompanion: recordedPrimaryCompanion(record, request.primaryCompanionOf), circuitSeries: request.circuitSeries });
  return {
    ...record,
    metrics: { ...metrics, relabelled: stamp },
    throughput: { ...record.throughput, secondsToGrok: secondsToGrok(curve, metrics.primary.tGrok) },
  };
}

/**
 * Recomputes the metrics of every run in a results file from its curve with today's definitions,
 * so a file recorded before a definition changed says what the definitions now say. Each run is
 * stamped with the grokbench version and the commit (and whether its tree was clean) that
 * re-labelled it; entry summaries are recomputed; the file is written under its lock, atomically.
 */
export async function relabelResults(request: RelabelRequest): Promise<RelabelResult> {
  const runsDir = request.runsDir ?? path.join(path.dirname(request.file), 'runs');
  const leaderboard = readLeaderboard(request.file);
  const stamp = { grokbenchVersion: grokbenchVersion(), ...gitState(), at: new Date().toISOString() };
  const runs = leaderboard.entries.flatMap((entry) => entry.runs);
  const curveFileOf = (run: RunRecord) => path.join(runsDir, run.runId, 'curve.jsonl');
  const missing = runs.filter((run) => !fs.existsSync(curveFileOf(run))).map((run) => run.runId);
  if (missing.length > 0 && !request.keepMissing) {
    throw new AnalyzeError(`${missing.length} of ${runs.length} runs have no curve in ${runsDir} (first: ${missing[0]}); nothing written — --keep-missing keeps their recorded metrics`);
  }
  const updated = runs.filter((run) => !missing.includes(run.runId)).map((run) => relabelRun(run, curveFileOf(run), stamp, request));
  if (updated.length > 0) await recordRuns(request.file, updated, { replace: true });
  const phaseOf = new Map(runs.map((run) => [run.runId, run.metrics.phase]));
  return { relabelled: updated.map((run) => ({ runId: run.runId, before: phaseOf.get(run.runId)!, after: run.metrics.phase })), missing };
}
