import { PHASES } from '@grokbench/harness';

/**
 * One colour per phase, the same wherever the report shows a phase (the normalized chart's
 * curves, the table's swatches); every one of the harness's PHASES has its own (a test says so).
 * Grokking is the strongest hue; lost and diverged stand apart from the phases that kept θ.
 */
export const PHASE_COLORS: Readonly<Record<string, string>> = {
  grokking: '#d62728',
  comprehension: '#1f77b4',
  gradual: '#17becf',
  'semi-grokking': '#ff7f0e',
  rising: '#bcbd22',
  memorization: '#8c564b',
  confusion: '#a5a5a5',
  lost: '#9467bd',
  diverged: '#222222',
};

/** A phase no harness version the report knows of wrote. */
export const UNKNOWN_PHASE_COLOR = '#cccccc';

export function phaseColor(phase: string): string {
  return PHASE_COLORS[phase] ?? UNKNOWN_PHASE_COLOR;
}

/** A Vega-Lite colour encoding of a `phase` field: every known phase in the legend, in PHASES order, then any unknown one found in the data. */
export function phaseColorEncoding(phasesInData: Iterable<string>) {
  const known: readonly string[] = PHASES;
  const unknown = [...new Set(phasesInData)].filter((phase) => !known.includes(phase)).sort();
  const domain = [...known, ...unknown];
  return {
    field: 'phase',
    type: 'nominal',
    title: 'phase',
    scale: { domain, range: domain.map(phaseColor) },
    legend: { orient: 'bottom', direction: 'horizontal', columns: 5, symbolType: 'stroke', symbolStrokeWidth: 2.5 },
  } as const;
}
