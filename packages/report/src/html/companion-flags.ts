import type { LeaderboardEntry, RunRecord } from '@grokbench/harness';
import { entryTitle } from '../load/optional-fields.js';
import { escapeAttribute, escapeHtml } from './escape-html.js';

/**
 * Runs whose score says grokking but whose primary continuous companion (held-out loss unless the
 * task names another) finished improving before training fit: the "jump" may be made by the
 * threshold alone (Levi et al. 2023). Records from before the check have no companionAgreement.
 */
export function disagreeingRuns(entry: Pick<LeaderboardEntry, 'runs'>): RunRecord[] {
  return entry.runs.filter((run) => run.metrics.companionAgreement?.agrees === false);
}

export function disagreementNote(run: RunRecord): string {
  const agreement = run.metrics.companionAgreement;
  return agreement?.note ?? `${agreement?.series ?? 'the primary companion'} finished improving before training fit`;
}

/** The table cell's flag: visible text, the notes as its tooltip. Empty when every run agrees or was not checked. */
export function companionFlagHtml(entry: Pick<LeaderboardEntry, 'runs'>): string {
  const runs = disagreeingRuns(entry);
  if (runs.length === 0) return '';
  const title = runs.map((run) => `seed ${run.seed}: ${disagreementNote(run)}`).join('\n');
  return ` <span class="flag" title="${escapeAttribute(title)}">⚠ companion disagrees: seed ${runs.map((run) => run.seed).join(', ')}</span>`;
}

/** Under the table, every flagged run with its note in full: a tooltip alone is lost in print. */
export function companionDisagreementsNote(entries: readonly LeaderboardEntry[]): string {
  const items = entries.flatMap((entry) =>
    disagreeingRuns(entry).map((run) => `<li>${escapeHtml(entryTitle(entry))} seed ${run.seed}: ${escapeHtml(disagreementNote(run))}</li>`),
  );
  if (items.length === 0) return '';
  return `<div class="flagged" id="companion-disagreements">
<p><strong>⚠ ${items.length} run${items.length === 1 ? '' : 's'}: the score says grokking, but the primary companion series finished improving before training fit</strong> (a thresholded score can make a jump of a smooth change; Levi et al. 2023).</p>
<ul>
${items.join('\n')}
</ul>
</div>`;
}
