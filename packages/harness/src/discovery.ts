import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Task } from '@grokbench/task-kit';
import { oneLine } from './one-line.js';

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

/** GROKBENCH_TASK_PATH's entries, in order. */
const taskPathEntries = () => (process.env.GROKBENCH_TASK_PATH ?? '').split(path.delimiter).filter(Boolean);

export function candidatePackageDirs(extraPaths: readonly string[] = []): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const roots = [...extraPaths, ...taskPathEntries(), ...nodeModulesAbove(process.cwd()), ...nodeModulesAbove(here)];
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

/** A package's tasks, or the one line that says why they cannot be used. */
type Loaded = { tasks: DiscoveredTask[] } | { problem: string };

async function loadPackage(dir: string): Promise<Loaded> {
  const pkg = readJson(path.join(dir, 'package.json'));
  const field = pkg?.grokbench as GrokbenchField | undefined;
  if (!pkg || !field?.tasks) return { tasks: [] };
  const name = `task package ${String(pkg.name)} (${dir})`;
  const entry = path.join(dir, field.tasks);
  if (!fs.existsSync(entry)) return { problem: `${name} declares ${field.tasks}, which does not exist (is it built? run npm run build)` };
  let module: { tasks?: unknown };
  try {
    module = (await import(pathToFileURL(entry).href)) as { tasks?: unknown };
  } catch (error) {
    const { name: kind, message } = error instanceof Error ? error : new Error(String(error));
    return { problem: `${name} failed to load ${field.tasks}: ${kind}: ${oneLine(message.split('\n')[0])}` };
  }
  const tasks = Array.isArray(module.tasks) ? module.tasks : [];
  if (tasks.length === 0 || tasks.some((t) => !isTask(t))) return { problem: `${name} must export "tasks": an array of Task objects with a quick preset` };
  return { tasks: (tasks as Task[]).map((task) => ({ task, packageName: String(pkg.name), packageDir: dir })) };
}

/** What discovery found: the tasks that load, and a line for each package or path that does not. */
export interface TaskDiscovery {
  tasks: DiscoveredTask[];
  /** One line each: a broken task package (where it is, its first error line) or a GROKBENCH_TASK_PATH entry that does not exist. */
  problems: string[];
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

/**
 * Every task the packages declare, sorted by id. A package that cannot be loaded costs only its
 * own tasks: it is named in `problems`, and every other task works. Duplicate ids are an error
 * (which one would run?).
 */
export async function discoverTaskPackages(extraPaths: readonly string[] = []): Promise<TaskDiscovery> {
  letTaskPackagesImportGrokbench();
  const problems = taskPathEntries()
    .filter((entry) => !fs.existsSync(entry))
    .map((entry) => `GROKBENCH_TASK_PATH names ${entry}, which does not exist`);
  const byId = new Map<string, DiscoveredTask>();
  for (const loaded of await Promise.all(candidatePackageDirs(extraPaths).map(loadPackage))) {
    if ('problem' in loaded) problems.push(loaded.problem);
    else for (const d of loaded.tasks) {
      const previous = byId.get(d.task.id);
      if (previous) throw new TaskDiscoveryError(`task id ${d.task.id} is declared by both ${previous.packageName} and ${d.packageName}`);
      byId.set(d.task.id, d);
    }
  }
  return { tasks: [...byId.values()].sort((a, b) => a.task.id.localeCompare(b.task.id)), problems };
}

/** The tasks that load (discoverTaskPackages without the problems). */
export async function discoverTasks(extraPaths: readonly string[] = []): Promise<DiscoveredTask[]> {
  return (await discoverTaskPackages(extraPaths)).tasks;
}

/** The task `id`; when there is none, the error names the tasks there are and the packages that did not load. */
export async function findTask(id: string, extraPaths: readonly string[] = []): Promise<Task> {
  const { tasks, problems } = await discoverTaskPackages(extraPaths);
  const hit = tasks.find((d) => d.task.id === id);
  if (!hit) throw new TaskDiscoveryError(unknownTasksMessage([id], tasks, problems));
  return hit.task;
}

/** `unknown task "x" (tasks: …)`, and, where some did not load, why: the task may be in one of them. */
export function unknownTasksMessage(ids: readonly string[], tasks: readonly DiscoveredTask[], problems: readonly string[]): string {
  const quoted = ids.map((u) => `"${u}"`).join(', ');
  const known = tasks.map((d) => d.task.id).join(', ') || 'none installed';
  const notLoaded = problems.length ? `; not loaded: ${problems.join('; ')}` : '';
  return `unknown task${ids.length > 1 ? 's' : ''} ${quoted} (tasks: ${known})${notLoaded}`;
}
