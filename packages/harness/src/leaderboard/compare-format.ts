import type { Summary } from '../metrics/index.js';
import { COMPARED_METRICS, REGRESSION_RULE, type CompareResult, type CompareRow } from './compare.js';
import { alignColumns } from '../text-table.js';
import { formatNumber, formatPercent } from './format-number.js';

export const COMPARE_SCHEMA = 'grokbench/compare@1';

const METRIC_LABELS = { tGrok: 'tGrok', stepsPerSecond: 'steps/s', diverged: 'diverged', lost: 'lost' } as const;

// "4000 [3500–4500] 3/3": median, quartiles, and how many runs reached it, which qualifies the rest.
function tGrokCell(summary: Summary): string {
  if (summary.median === null) return `never ${summary.reached}`;
  return `${formatNumber(summary.median)} [${formatNumber(summary.q1)}–${formatNumber(summary.q3)}] ${summary.reached}`;
}

// Grokking time not comparable (runs censored at shorter budgets) is said even where the rest is ok.
function verdictCell(row: CompareRow): string {
  const metrics = (verdict: string) =>
    COMPARED_METRICS.filter((m) => row[m].verdict === verdict).map((m) => METRIC_LABELS[m]).join(', ');
  const tGrokNa = row.tGrok.verdict === 'not comparable' ? 'tGrok not comparable' : null;
  const verdict =
    row.verdict === 'regression' ? `REGRESSION: ${metrics('regression')}`
    : row.verdict === 'improvement' ? `improved: ${metrics('improvement')}`
    : row.verdict === 'unchanged' ? null
    : 'n/a';
  if (verdict === null) return tGrokNa ?? 'ok';
  return tGrokNa && verdict !== 'n/a' ? `${verdict}; ${tGrokNa}` : verdict;
}

/** Aligned text table (no trailing newline), one row per entry in both files, then what is missing and why it failed. */
export function formatCompareTable(result: CompareResult): string {
  const header = ['entry', 'base tGrok', 'head tGrok', 'change', 'base steps/s', 'head steps/s', 'change', 'diverged', 'lost', 'verdict'];
  const body = result.rows.map((row) => [
    row.entry,
    tGrokCell(row.tGrok.base),
    tGrokCell(row.tGrok.head),
    formatPercent(row.tGrok.changePercent),
    formatNumber(row.stepsPerSecond.base.median),
    formatNumber(row.stepsPerSecond.head.median),
    formatPercent(row.stepsPerSecond.changePercent),
    `${row.diverged.base.reached} → ${row.diverged.head.reached}`,
    `${row.lost.base.reached} → ${row.lost.head.reached}`,
    verdictCell(row),
  ]);
  const lines = result.rows.length > 0 ? alignColumns([header, ...body], [false, true, true, true, true, true, true, true, true, false]) : ['no entries in common'];
  const { onlyInBase, onlyInHead } = result.missing;
  if (onlyInBase.length > 0) lines.push(`only in base: ${onlyInBase.join(', ')}`);
  if (onlyInHead.length > 0) lines.push(`only in head: ${onlyInHead.join(', ')}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  for (const finding of result.regressions) lines.push(`regression: ${finding.entry} ${METRIC_LABELS[finding.metric]}: ${finding.reason}`);
  const count = result.regressions.length;
  lines.push(count === 0 ? 'no regressions' : `${count} regression${count === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** The comparison as JSON (no trailing newline), with the rule it was judged by. */
export function formatCompareJson(result: CompareResult): string {
  const { regressions, improvements, missing, notes, rows } = result;
  return JSON.stringify({ schema: COMPARE_SCHEMA, rule: REGRESSION_RULE, regressions, improvements, missing, notes, rows }, null, 2);
}
