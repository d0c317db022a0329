import { TaskDiscoveryError, type DiscoveredTask } from '@grokbench/harness';
import type { Task } from '@grokbench/task-kit';
import { UsageError } from './user-error.js';

/** The tasks a comma-separated `--tasks` names (each must be installed), or every installed task. */
export function selectTasks(found: readonly DiscoveredTask[], names: string | undefined): Task[] {
  if (names === undefined) return found.map((d) => d.task);
  const known = found.map((d) => d.task.id);
  const ids = names.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError('--tasks names no task');
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    const quoted = unknown.map((u) => `"${u}"`).join(', ');
    throw new TaskDiscoveryError(`unknown task${unknown.length > 1 ? 's' : ''} ${quoted} (tasks: ${known.join(', ') || 'none installed'})`);
  }
  return ids.map((id) => found.find((d) => d.task.id === id)!.task);
}

/** The label a run goes by in progress output: task/preset/method/seed. */
export function runLabel(run: { task: Task; preset: string; method: string; seed: number }): string {
  return `${run.task.id}/${run.preset}/${run.method}/s${run.seed}`;
}
