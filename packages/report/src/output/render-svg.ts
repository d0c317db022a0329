import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from '../charts/chart.js';

/** Renders a chart to a standalone SVG document in Node: Vega's headless view, no browser. */
export async function renderSvg(chart: Chart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
