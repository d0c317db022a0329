import path from 'node:path';
import { readLeaderboard, type Leaderboard, type RunRecord } from '@grokbench/harness';
import { readCurveFile, type CurveSample } from './curve-file.js';
import { downsampleLogSpaced } from './downsample.js';

/**
 * Evaluations kept per run. Drawn on a log-step axis a few hundred points are smooth, and they
 * keep a 100-run report to a few megabytes whatever the runs' lengths.
 */
export const MAX_CURVE_POINTS = 240;

export interface MissingCurve {
  runId: string;
  file: string;
}

/** Everything a report is made from: the leaderboard and the curves its runs left on disk. */
export interface ReportData {
  leaderboard: Leaderboard;
  leaderboardFile: string;
  runsDir: string;
  /** Downsampled curves by runId; a run whose curve.jsonl is missing or empty has none. */
  curves: Map<string, CurveSample[]>;
  missingCurves: MissingCurve[];
}

export interface LoadReportOptions {
  /** Folder of the runs' folders; the suite's default is runs/ beside the leaderboard. */
  runsDir?: string;
}

export function defaultRunsDir(leaderboardFile: string): string {
  return path.join(path.dirname(leaderboardFile), 'runs');
}

export function curveFileOf(runsDir: string, run: RunRecord): string {
  return path.join(runsDir, run.runId, 'curve.jsonl');
}

/** Reads and validates the leaderboard (LeaderboardError on a bad file) and every run's curve. */
export function loadReportData(leaderboardFile: string, options: LoadReportOptions = {}): ReportData {
  const leaderboard = readLeaderboard(leaderboardFile);
  const runsDir = options.runsDir ?? defaultRunsDir(leaderboardFile);
  const curves = new Map<string, CurveSample[]>();
  const missingCurves: MissingCurve[] = [];
  for (const run of leaderboard.entries.flatMap((entry) => entry.runs)) {
    const file = curveFileOf(runsDir, run);
    const curve = readCurveFile(file);
    if (curve && curve.length > 0) curves.set(run.runId, downsampleLogSpaced(curve, MAX_CURVE_POINTS));
    else missingCurves.push({ runId: run.runId, file });
  }
  return { leaderboard, leaderboardFile, runsDir, curves, missingCurves };
}
