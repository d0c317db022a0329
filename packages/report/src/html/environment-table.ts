import type { RunRecord } from '@grokbench/harness';
import { runProvenance } from '../load/optional-fields.js';
import { escapeHtml } from './escape-html.js';

/**
 * Where the runs ran: one row per distinct environment (CPU/GPU model, cores, Node, OS, engine,
 * backend, device, threads, and whatever else the runs record, such as the grokbench version or
 * git commit), with how many runs ran there.
 */
export function environmentTable(runs: readonly RunRecord[]): string {
  const provenances = runs.map(runProvenance);
  const keys = [...new Set(provenances.flatMap((p) => Object.keys(p)))];
  const counts = new Map<string, number>();
  for (const p of provenances) {
    const row = JSON.stringify(keys.map((key) => p[key] ?? ''));
    counts.set(row, (counts.get(row) ?? 0) + 1);
  }
  const head = [...keys, 'runs'].map((key) => `<th>${escapeHtml(key)}</th>`).join('');
  const body = [...counts].map(([row, count]) => {
    const cells = [...(JSON.parse(row) as string[]), String(count)];
    return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  return `<table class="environment">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}
