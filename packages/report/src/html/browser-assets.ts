import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { inlineScript } from './escape-html.js';

/**
 * The browser builds of the libraries the page needs, inlined so the page works offline from
 * file://. The packages' `exports` hide their build folders, so each is found from the entry
 * point Node resolves, walking up to the folder holding its package.json.
 */
const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return dir;
}

// A byte-order mark (sortable's CSS has one) would become part of the first selector.
const read = (name: string, file: string) => fs.readFileSync(path.join(packageDir(name), file), 'utf8').replace(/^\uFEFF/, '');

export interface BrowserAssets {
  /** vega, vega-lite, vega-embed (in that order: each uses the one before) and the table sorter. */
  scripts: string[];
  styles: string[];
}

let cached: BrowserAssets | null = null;

export function browserAssets(): BrowserAssets {
  cached ??= {
    scripts: [
      read('vega', 'build/vega.min.js'),
      read('vega-lite', 'build/vega-lite.min.js'),
      read('vega-embed', 'build/vega-embed.min.js'),
      read('sortable-tablesort', 'dist/sortable.min.js'),
    ].map(inlineScript),
    styles: [read('sortable-tablesort', 'dist/sortable-base.min.css')],
  };
  return cached;
}
