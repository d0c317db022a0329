import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CurvePoint } from '@grokbench/trainer';
import { AnalyzeError } from './analyze-error.js';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AnalyzeError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * grokbench's curve.jsonl, every line a CurvePoint. Strict, unlike the report's reader: a verdict
 * computed from a curve with a line missing could be wrong, so a bad line is refused by number.
 */
export function readCurveJsonl(file: string): CurvePoint[] {
  const lines = readText(file).split('\n');
  const points: CurvePoint[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let point: unknown;
    try {
      point = JSON.parse(line);
    } catch {
      throw new AnalyzeError(`${file}: line ${i + 1} is not JSON`);
    }
    const p = point as Partial<CurvePoint> | null;
    if (typeof p?.step !== 'number' || typeof p.train !== 'number' || typeof p.heldout !== 'number') {
      throw new AnalyzeError(`${file}: line ${i + 1} lacks a numeric step, train or heldout`);
    }
    points.push(point as CurvePoint);
  });
  if (points.length === 0) throw new AnalyzeError(`${file}: no evaluations`);
  return points;
}

/** Which CSV column holds each series. */
export interface CsvColumns {
  step: string;
  train: string;
  heldout: string;
  /** Optional: the held-out loss, the default primary companion. */
  heldoutLoss: string;
}

export const DEFAULT_CSV_COLUMNS: CsvColumns = { step: 'step', train: 'train', heldout: 'heldout', heldoutLoss: 'heldoutLoss' };

function numberIn(file: string, row: Record<string, string>, column: string, line: number): number {
  const text = row[column]?.trim() ?? '';
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new AnalyzeError(`${file}: row ${line}, column "${column}" is not a number: "${text}"`);
  return value;
}

/** The cells of one step: later rows fill what earlier ones left blank. */
type StepCells = { line: number; cells: Record<string, string> };

/**
 * Loggers often write train and validation metrics on separate rows of the same step with the
 * other cells blank (PyTorch Lightning's CSVLogger does); rows are merged by step, a later
 * non-blank cell winning, so such a log reads as one evaluation per step.
 */
function mergeRowsByStep(file: string, rows: Record<string, string>[], stepColumn: string): StepCells[] {
  const byStep = new Map<string, StepCells>();
  rows.forEach((row, i) => {
    const step = row[stepColumn]?.trim() ?? '';
    if (step === '') throw new AnalyzeError(`${file}: row ${i + 2} has no ${stepColumn}`);
    const merged = byStep.get(step) ?? { line: i + 2, cells: {} };
    for (const [column, cell] of Object.entries(row)) if (cell.trim() !== '') merged.cells[column] = cell;
    byStep.set(step, merged);
  });
  return [...byStep.values()];
}

function scoreIn(file: string, cells: StepCells, column: string): number {
  const value = numberIn(file, cells.cells, column, cells.line);
  if (value < 0 || value > 1) {
    throw new AnalyzeError(`${file}: row ${cells.line}, ${column} = ${value} is not a score in [0, 1]${value <= 100 ? ' (a percentage? divide by 100)' : ''}`);
  }
  return value;
}

/**
 * A CSV with a header row, from any framework (a PyTorch script's log): step, train score and
 * held-out score, optionally the held-out loss. Rows of one step are merged; a step that lacks
 * either score after merging (a train-only logging step) is not an evaluation and is left out.
 * Scores must be fractions in [0, 1]: a percentage column (0–100) is refused rather than
 * silently read as a score of 95.
 */
export function readCurveCsv(file: string, columns: CsvColumns = DEFAULT_CSV_COLUMNS): CurvePoint[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(readText(file), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new AnalyzeError(`${file}: not a readable CSV (${(error as Error).message.split('\n')[0]})`);
  }
  if (rows.length === 0) throw new AnalyzeError(`${file}: no rows after the header`);
  const header = Object.keys(rows[0]);
  for (const key of ['step', 'train', 'heldout'] as const) {
    if (!header.includes(columns[key])) throw new AnalyzeError(`${file}: no "${columns[key]}" column (columns: ${header.join(', ')}); name it with --${key}-column`);
  }
  const evaluations = mergeRowsByStep(file, rows, columns.step).filter((step) => step.cells[columns.train] !== undefined && step.cells[columns.heldout] !== undefined);
  if (evaluations.length === 0) throw new AnalyzeError(`${file}: no step has both ${columns.train} and ${columns.heldout}`);
  return evaluations
    .map((step) => ({
      step: numberIn(file, step.cells, columns.step, step.line),
      train: scoreIn(file, step, columns.train),
      heldout: scoreIn(file, step, columns.heldout),
      trainLoss: Number.NaN,
      heldoutLoss: step.cells[columns.heldoutLoss] === undefined ? Number.NaN : numberIn(file, step.cells, columns.heldoutLoss, step.line),
      weightNorm: Number.NaN,
      trainSeconds: Number.NaN,
    }))
    .sort((a, b) => a.step - b.step);
}

/** What kind of curve a path names: a run folder, a curve.jsonl, or a CSV. */
export function curveKind(file: string): 'run-folder' | 'jsonl' | 'csv' {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AnalyzeError(`${file}: no such file or folder`);
  }
  if (stat.isDirectory()) return 'run-folder';
  const extension = path.extname(file).toLowerCase();
  if (extension === '.jsonl') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new AnalyzeError(`${file}: expected a run folder, a curve.jsonl or a .csv file`);
}
