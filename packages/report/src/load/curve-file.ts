import fs from 'node:fs';

/**
 * One evaluation of a run, flattened for plotting: the step and every numeric series the line
 * holds. Series are read from the data by name, never from a fixed list, so a task that records
 * more (held-out loss, per-state action accuracy, ELBO) is plotted without a change here.
 */
export interface CurveSample {
  step: number;
  series: Record<string, number>;
}

/** Where a nested object of named series lives in a curve line (`extra: { actionAccuracy: … }`). */
const NESTED_SERIES_FIELD = 'extra';

function numericFields(object: Record<string, unknown>): [string, number][] {
  return Object.entries(object).filter((pair): pair is [string, number] => typeof pair[1] === 'number' && Number.isFinite(pair[1]));
}

/** The series of one parsed line; a nested name that repeats a top-level one is kept as `extra:name`. */
function seriesOf(line: Record<string, unknown>): Record<string, number> {
  const series = Object.fromEntries(numericFields(line).filter(([name]) => name !== 'step'));
  const nested = line[NESTED_SERIES_FIELD];
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    for (const [name, value] of numericFields(nested as Record<string, unknown>)) {
      series[name in series ? `${NESTED_SERIES_FIELD}:${name}` : name] = value;
    }
  }
  return series;
}

function parseLine(text: string): CurveSample | null {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof line !== 'object' || line === null) return null;
  const step = (line as { step?: unknown }).step;
  if (typeof step !== 'number' || !Number.isFinite(step)) return null;
  return { step, series: seriesOf(line as Record<string, unknown>) };
}

/**
 * Reads a curve.jsonl; null when the file cannot be read. A line that does not parse (the last
 * line of a run killed mid-write) is skipped: the rest of the curve is still worth drawing.
 */
export function readCurveFile(file: string): CurveSample[] | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseLine)
    .filter((sample): sample is CurveSample => sample !== null)
    .sort((a, b) => a.step - b.step);
}
