import { discoverTaskPackages, TaskDiscoveryError, unknownTasksMessage, type TaskDiscovery } from '@grokbench/harness';
import type { Task } from '@grokbench/task-kit';
import { UsageError } from './user-error.js';

/** The tasks a comma-separated `--tasks` names (each must be installed), or every installed task. */
export function selectTasks({ tasks: found, problems }: TaskDiscovery, names: string | undefined): Task[] {
  if (names === undefined) return found.map((d) => d.task);
  const known = found.map((d) => d.task.id);
  const ids = names.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError('--tasks names no task');
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) throw new TaskDiscoveryError(unknownTasksMessage(unknown, found, problems));
  return ids.map((id) => found.find((d) => d.task.id === id)!.task);
}

/** Says, a line each, which task packages did not load: their tasks are missing from what follows. */
export function warnNotLoaded(problems: readonly string[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const problem of problems) stream.write(`grokbench: not loaded: ${problem}\n`);
}

/** The installed tasks `--tasks` names (selectTasks), saying which task packages did not load. */
export async function discoverSelectedTasks(names: string | undefined): Promise<Task[]> {
  const discovery = await discoverTaskPackages();
  const tasks = selectTasks(discovery, names);
  warnNotLoaded(discovery.problems);
  return tasks;
}

/** The label a run goes by in progress output: task/preset/method/seed. */
export function runLabel(run: { task: Task; preset: string; method: string; seed: number }): string {
  return `${run.task.id}/${run.preset}/${run.method}/s${run.seed}`;
}
