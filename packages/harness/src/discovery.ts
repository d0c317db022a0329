import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Task } from '@grokbench/task-kit';

/**
 * Task packages declare themselves in package.json — `"grokbench": { "tasks": "./dist/index.js" }` —
 * and their entry exports `tasks: Task[]`. The harness looks for that field in every package under
 * the node_modules folders above the working directory and above the harness itself, and in the
 * folders listed in GROKBENCH_TASK_PATH (path-separated: packages, or folders of packages), so
 * adding a task never edits the harness.
 */
export interface DiscoveredTask {
  task: Task;
  packageName: string;
  packageDir: string;
}

export class TaskDiscoveryError extends Error {
  override name = 'TaskDiscoveryError';
}

interface GrokbenchField {
  tasks?: string;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function nodeModulesAbove(start: string): string[] {
  const found: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(candidate)) found.push(candidate);
    if (path.dirname(dir) === dir) return found;
  }
}

/** Package folders directly inside `dir`, including scoped ones (@scope/name). */
function packagesIn(dir: string): string[] {
  if (fs.existsSync(path.join(dir, 'package.json'))) return [dir];
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name.startsWith('.')) return [];
    if (name.startsWith('@')) return fs.existsSync(full) ? fs.readdirSync(full).map((n) => path.join(full, n)) : [];
    return [full];
  });
}

export function candidatePackageDirs(extraPaths: readonly string[] = []): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const envPaths = (process.env.GROKBENCH_TASK_PATH ?? '').split(path.delimiter).filter(Boolean);
  const roots = [...extraPaths, ...envPaths, ...nodeModulesAbove(process.cwd()), ...nodeModulesAbove(here)];
  const dirs = new Map<string, string>();
  for (const root of roots) {
    for (const dir of packagesIn(root)) {
      const real = fs.existsSync(dir) ? fs.realpathSync(dir) : dir;
      if (!dirs.has(real)) dirs.set(real, dir);
    }
  }
  return [...dirs.keys()];
}

function isTask(x: unknown): x is Task {
  const t = x as Task;
  return !!t && typeof t.id === 'string' && typeof t.setup === 'function' && typeof t.dataset === 'function' && !!t.presets?.quick && !!t.configSchema;
}

async function loadPackage(dir: string): Promise<DiscoveredTask[]> {
  const pkg = readJson(path.join(dir, 'package.json'));
  const field = pkg?.grokbench as GrokbenchField | undefined;
  if (!pkg || !field?.tasks) return [];
  const entry = path.join(dir, field.tasks);
  if (!fs.existsSync(entry)) {
    throw new TaskDiscoveryError(`task package ${String(pkg.name)} declares ${field.tasks}, which does not exist (is it built? run npm run build)`);
  }
  const module = (await import(pathToFileURL(entry).href)) as { tasks?: unknown };
  const tasks = Array.isArray(module.tasks) ? module.tasks : [];
  const bad = tasks.find((t) => !isTask(t));
  if (bad || tasks.length === 0) throw new TaskDiscoveryError(`task package ${String(pkg.name)} must export "tasks": an array of Task objects with a quick preset`);
  return (tasks as Task[]).map((task) => ({ task, packageName: String(pkg.name), packageDir: dir }));
}

let resolutionHookRegistered = false;

/**
 * Task packages outside the installation (GROKBENCH_TASK_PATH) have no node_modules of their own
 * with @grokbench/* in it; a resolution hook lets their bare imports fall back to the harness's.
 */
function letTaskPackagesImportGrokbench(): void {
  if (resolutionHookRegistered) return;
  resolutionHookRegistered = true;
  register(new URL('../hooks/resolve-from-grokbench.mjs', import.meta.url), { data: { parentURL: import.meta.url } });
}

/** Every task the installed packages declare, sorted by id; duplicate ids are an error. */
export async function discoverTasks(extraPaths: readonly string[] = []): Promise<DiscoveredTask[]> {
  letTaskPackagesImportGrokbench();
  const found = (await Promise.all(candidatePackageDirs(extraPaths).map(loadPackage))).flat();
  const byId = new Map<string, DiscoveredTask>();
  for (const d of found) {
    const previous = byId.get(d.task.id);
    if (previous) throw new TaskDiscoveryError(`task id ${d.task.id} is declared by both ${previous.packageName} and ${d.packageName}`);
    byId.set(d.task.id, d);
  }
  return [...byId.values()].sort((a, b) => a.task.id.localeCompare(b.task.id));
}

export async function findTask(id: string, extraPaths: readonly string[] = []): Promise<Task> {
  const tasks = await discoverTasks(extraPaths);
  const hit = tasks.find((d) => d.task.id === id);
  if (!hit) throw new TaskDiscoveryError(`unknown task "${id}" (tasks: ${tasks.map((d) => d.task.id).join(', ') || 'none installed'})`);
  return hit.task;
}
