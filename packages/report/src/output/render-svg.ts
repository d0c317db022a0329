import type { Chart } from '../charts/chart.js';

/**
 * Renders a chart to a standalone SVG document in Node: Vega's headless view, no browser.
 * Vega and Vega-Lite are loaded on first use, so that importing this package (the CLI does,
 * for every command) does not cost loading them.
 */
export async function renderSvg(chart: Chart): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
