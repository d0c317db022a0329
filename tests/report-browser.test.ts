import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { grokbench } from './cli-helpers.js';
import { BROWSER_REQUIRED, findChromium } from './find-chromium.js';
import { runSmallSuite } from './report-suite.js';

const chromium = findChromium();
const NO_BROWSER = 'no Chromium on this machine (apt-get install chromium, or set CHROMIUM_PATH): the report was not opened in a browser';

interface Leaderboard {
  entries: { task: string; method: string; paradigm: string; runs: { seed: number; metrics: { primary: { tFit: number | null } } }[] }[];
}

/** Opens a page that may load file: and data: URLs only; every other request is refused and recorded. */
async function offlinePage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1300, height: 900 });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (/^(file|data):/.test(request.url())) return void request.continue();
    problems.push(`network request: ${request.url()}`);
    void request.abort();
  });
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
  return page;
}

/** Per chart container: its id and how many data marks its rendered SVG or canvas holds. */
function renderedCharts(page: Page) {
  return page.$$eval('figure.chart', (figures) =>
    figures.map((figure) => ({
      id: figure.id,
      marks: figure.querySelectorAll('svg g.role-mark > *').length + figure.querySelectorAll('canvas').length,
    })),
  );
}

/** Clicks a column's header once and returns that column's sort keys, top to bottom, once sorted. */
async function columnAfterSorting(page: Page, header: string): Promise<number[]> {
  const column = 1 + (await page.$$eval('#leaderboard-table thead th', (ths, name) => ths.findIndex((th) => th.textContent === name), header));
  // sortable-tablesort sorts just after the click and then fires sort-end on the table.
  await page.evaluate(() => {
    const table = document.getElementById('leaderboard-table')!;
    (window as unknown as { sorted: Promise<void> }).sorted = new Promise((resolve) => table.addEventListener('sort-end', () => resolve(), { once: true }));
  });
  await page.click(`#leaderboard-table thead th:nth-child(${column})`);
  await page.evaluate(() => (window as unknown as { sorted: Promise<void> }).sorted);
  return page.$$eval(`#leaderboard-table tbody td:nth-child(${column})`, (cells) => cells.map((cell) => Number((cell as HTMLElement).dataset.sort)));
}

describe('the report in a real browser', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it('opens offline with no errors or requests, every chart drawn, one table row per entry', async (context) => {
    if (!chromium) {
      if (BROWSER_REQUIRED) throw new Error(`GROKBENCH_REQUIRE_BROWSER=1, but ${NO_BROWSER}`);
      process.stderr.write(`report-browser.test.ts skipped: ${NO_BROWSER}\n`);
      context.skip(NO_BROWSER);
    }
    // Two methods, so the page has a method comparison too; and vae-digits, whose loss (−ELBO) turns
    // negative by step 100, so the loss panel must show values a log scale cannot.
    const leaderboard = runSmallSuite('grokbench-browser-', ['--methods', 'adamw,grokfast-ema', '--seeds', '2']);
    expect(grokbench(['suite', '--tasks', 'vae-digits', '--steps', '120', '--seeds', '1', '--out', leaderboard]).status).toBe(0);
    const dir = path.dirname(leaderboard);
    const out = path.join(dir, 'report.html');
    expect(grokbench(['report', '--leaderboard', leaderboard, '--out', out]).status).toBe(0);
    const { entries } = JSON.parse(fs.readFileSync(leaderboard, 'utf8')) as Leaderboard;

    // Root cannot use Chromium's sandbox; a CI container runs as root.
    browser = await puppeteer.launch({ executablePath: chromium!, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    const problems: string[] = [];
    const page = await offlinePage(browser, problems);
    await page.goto(`file://${out}`, { waitUntil: 'load' });
    // vega-embed renders asynchronously: wait until every container has its SVG or says it failed.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('figure.chart')).every((f) => f.querySelector('svg, canvas, .chart-error')));
    const screenshot = path.join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });

    expect(problems).toEqual([]);
    const charts = await renderedCharts(page);
    // A curves chart per entry, the cross-paradigm and progress-measure views, one method comparison, throughput. The
    // suite's overrides make a variant, which the chart ids carry after task-preset-method.
    const ids = charts.map((c) => c.id);
    const named = (prefix: string) => ids.filter((id) => id === prefix || id.startsWith(`${prefix}-`));
    for (const e of entries) expect(named(`chart-curves-${e.task}-quick-${e.method}`)).toHaveLength(1);
    expect(named('chart-methods-modular-add-quick')).toHaveLength(1);
    expect(ids).toEqual(expect.arrayContaining(['chart-cross-paradigm', 'chart-progress-measures', 'chart-throughput']));
    expect(ids).toHaveLength(entries.length + 4);
    expect(charts.filter((c) => c.marks === 0)).toEqual([]);
    expect(await page.$$eval('#leaderboard-table tbody tr', (rows) => rows.length)).toBe(entries.length);
    const stepsPerSecond = await columnAfterSorting(page, 'steps/s');
    expect(stepsPerSecond).toEqual([...stepsPerSecond].sort((a, b) => a - b));
    expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);

    // The normalized cross-paradigm chart: a panel per paradigm, a line per run that fit, the runs that did not named under it.
    const normalized = await page.$eval('#chart-cross-paradigm', (figure) => ({
      titles: Array.from(figure.querySelectorAll('svg g.role-title text')).map((t) => t.textContent ?? ''),
      axes: Array.from(figure.querySelectorAll('[aria-roledescription="axis"]')).map((a) => a.getAttribute('aria-label') ?? ''),
      lines: figure.querySelectorAll('svg g.mark-line.role-mark path').length,
      text: Array.from(figure.querySelectorAll('svg text')).map((t) => t.textContent ?? '').join(' '),
    }));
    expect(normalized.titles).toContain('Held-out curves across paradigms, normalized');
    const paradigms = [...new Set(entries.map((e) => e.paradigm))];
    expect(paradigms).toEqual(expect.arrayContaining(['supervised', 'unsupervised']));
    for (const paradigm of paradigms) expect(normalized.titles).toContain(paradigm);
    expect(normalized.axes.filter((label) => /^X-axis titled 'step \/ tFit \(log scale\)' for a log scale/.test(label))).toHaveLength(paradigms.length);
    const runs = entries.flatMap((e) => e.runs);
    const fitted = runs.filter((run) => (run.metrics.primary.tFit ?? 0) > 0);
    expect(normalized.lines).toBe(fitted.length);
    if (fitted.length < runs.length) expect(normalized.text).toContain('Not on these axes');
    // The table's new columns, and each phase with its chart colour.
    const headers = await page.$$eval('#leaderboard-table thead th', (ths) => ths.map((th) => th.textContent));
    expect(headers).toEqual(expect.arrayContaining(['F', 'held-out at fit', 'phase']));
    expect(await page.$$eval('#leaderboard-table tbody .swatch', (swatches) => swatches.length)).toBeGreaterThanOrEqual(entries.length);

    // The negative losses are drawn: the loss panel's scale is symlog, and its domain reaches below 0.
    const vaeAxes = await page.$$eval('figure.chart[id^="chart-curves-vae-digits"] [aria-roledescription="axis"]', (axes) => axes.map((a) => a.getAttribute('aria-label') ?? ''));
    expect(vaeAxes.some((label) => /^Y-axis for a symlog scale with values from −\d/.test(label)), vaeAxes.join('\n')).toBe(true);

    for (const width of [1280, 1440]) {
      await page.setViewport({ width, height: 900 });
      await page.waitForFunction(() => document.readyState === 'complete');
      // Nothing wider than the window: the page scrolls down, never sideways, and no chart needs a scrollbar.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page at ${width} px`).toBeLessThanOrEqual(width);
      const scrolling = await page.$$eval('figure.chart', (figures) => figures.filter((f) => f.scrollWidth > f.clientWidth + 1).map((f) => f.id));
      expect(scrolling, `charts wider than their place at ${width} px`).toEqual([]);
      // Every title (chart, panel, axis) in full: not cut with an ellipsis, and inside its chart.
      const cut = await page.$$eval('figure.chart svg', (svgs) =>
        svgs.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return Array.from(svg.querySelectorAll('g.role-title text, g.role-axis-title text'))
            .filter((text) => {
              const r = text.getBoundingClientRect();
              return (text.textContent ?? '').includes('…') || r.left < box.left - 1 || r.right > box.right + 1;
            })
            .map((text) => `${svg.closest('figure')?.id}: ${text.textContent}`);
        }),
      );
      expect(cut, `titles cut at ${width} px`).toEqual([]);
    }
  });
});
