/** The page's own style: readable on screen and in print, no web fonts (nothing is fetched). */
export const PAGE_STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.quiet { color: #666; }
nav { margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
thead th { background: #f6f6f6; position: sticky; top: 0; }
td[data-sort] { text-align: right; }
.swatch { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; margin-right: 0.3em; }
.flag { color: #a34700; font-weight: 600; }
.flagged { background: #fff1e6; border: 1px solid #f0b27a; padding: 0.3rem 0.8rem; margin-top: 1rem; }
.missing { background: #fff6e0; border: 1px solid #f0d48a; padding: 0.3rem 0.8rem; margin-top: 1rem; }
/* vega-embed makes its container inline-block, as wide as the chart: kept a block, a wide chart scrolls inside it. */
figure.chart, figure.chart.vega-embed { display: block; margin: 1rem 0 2rem; overflow-x: auto; min-width: 0; }
/* Curves side by side where two fit (1,280 px and wider), one a row below that. */
.chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 590px), 1fr)); column-gap: 1.5rem; align-items: start; }
.table-scroll { overflow-x: auto; }
figure.chart .chart-error { color: #b00; }
`;

/**
 * Renders every chart spec into its container with vega-embed (SVG renderer, so the charts stay
 * sharp when zoomed or printed). A chart that fails says so in place and on the console.
 */
export const PAGE_SCRIPT = `
for (const script of document.querySelectorAll('script.chart-spec')) {
  const container = document.getElementById(script.dataset.chart);
  vegaEmbed(container, JSON.parse(script.textContent), { renderer: 'svg', actions: false }).catch((error) => {
    container.innerHTML = '<p class="chart-error"></p>';
    container.firstChild.textContent = 'This chart could not be drawn: ' + error.message;
    console.error(error);
  });
}
`;
