import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md, enforced: the table there names each package's layer, and a
 * package may depend only on packages of lower layers. Reading the table from the page keeps the
 * page and the rule one thing.
 */
interface LayerRow {
  layer: number;
  allowed: string[];
}

function layerTable(): Map<string, LayerRow> {
  const page = fs.readFileSync('docs/architecture.md', 'utf8');
  const rows = new Map<string, LayerRow>();
  for (const line of page.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const match = /^`(@grokbench\/[a-z0-9-]+)`$/.exec(cells[2] ?? '');
    if (!/^\d+$/.test(cells[1] ?? '') || !match) continue;
    const allowed = cells[5] === '—' ? [] : cells[5].split(',').map((name) => `@grokbench/${name.trim()}`);
    rows.set(match[1], { layer: Number(cells[1]), allowed });
  }
  return rows;
}

interface Manifest {
  name: string;
  dir: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

function workspacePackages(): Manifest[] {
  const root = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { workspaces: string[] };
  const dirs = root.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*') ? fs.readdirSync(pattern.slice(0, -2)).map((d) => path.join(pattern.slice(0, -2), d)) : [pattern],
  );
  return dirs
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Partial<Manifest>;
      return { name: json.name ?? dir, dir, dependencies: json.dependencies ?? {}, devDependencies: json.devDependencies ?? {}, peerDependencies: json.peerDependencies ?? {} };
    });
}

const internal = (deps: Record<string, string>) => Object.keys(deps).filter((name) => name.startsWith('@grokbench/'));

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name) && !/\.test\.ts$|^test-/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('package layers (docs/architecture.md)', () => {
  const layers = layerTable();
  const packages = workspacePackages();

  it('places every workspace package in a layer', () => {
    expect(layers.size).toBeGreaterThanOrEqual(10);
    expect(packages.map((p) => p.name).filter((name) => !layers.has(name))).toEqual([]);
  });

  it('lets each package depend only on packages of lower layers that the table allows', () => {
    const violations = packages.flatMap((p) => {
      const own = layers.get(p.name);
      if (!own) return [];
      return internal({ ...p.dependencies, ...p.devDependencies, ...p.peerDependencies })
        .filter((dep) => (layers.get(dep)?.layer ?? Infinity) >= own.layer || !own.allowed.includes(dep))
        .map((dep) => `${p.name} (layer ${own.layer}) depends on ${dep} (layer ${layers.get(dep)?.layer ?? '?'})`);
    });
    expect(violations).toEqual([]);
  });

  it('declares every grokbench package a source file imports', () => {
    const undeclared = packages.flatMap((p) =>
      sourceFiles(path.join(p.dir, 'src')).flatMap((file) => {
        const imported = [...fs.readFileSync(file, 'utf8').matchAll(/from '(@grokbench\/[a-z0-9-]+)/g)].map((m) => m[1]);
        return [...new Set(imported)].filter((dep) => dep !== p.name && !(dep in p.dependencies)).map((dep) => `${file} imports ${dep}`);
      }),
    );
    expect(undeclared).toEqual([]);
  });

  it('keeps the task packages free of engines', () => {
    const tasks = packages.filter((p) => p.dir.startsWith('tasks'));
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const task of tasks) expect(internal(task.dependencies).sort(), task.name).toEqual(['@grokbench/graph', '@grokbench/task-kit']);
  });
});
