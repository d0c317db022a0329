import type { TopLevelSpec } from 'vega-lite';

/** One figure: the same Vega-Lite spec is embedded in the HTML report and rendered to SVG by `plot`. */
export interface Chart {
  /** File name (without .svg) and HTML element id: names what the chart shows. */
  id: string;
  title: string;
  spec: TopLevelSpec;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A file- and id-safe name: lower case, runs of other characters become one dash. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Four significant digits: enough for any plot, and it keeps long curves small in the page. */
export function roundForPlot(x: number): number {
  return Number.isInteger(x) ? x : Number(x.toPrecision(4));
}

/** Text cut into lines of at most `width` characters at spaces: a long subtitle or note fits its chart. */
export function wrap(text: string, width = 90): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Shared look: the page and the SVG files use the same fonts and sizes. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start' as const },
  // Entry names run long ("modular-add/grokfast2024/grokfast-ema [variant]"): never cut them.
  // Ticks of a long log axis would run together ("10,00020,00040,000"): labels that would touch are dropped.
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' as const, labelLimit: 320, labelOverlap: 'greedy' as const, labelSeparation: 6 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320, titleLimit: 320 },
  view: { stroke: '#ddd' },
};
