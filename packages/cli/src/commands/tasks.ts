import { discoverTaskPackages } from '@grokbench/harness';
import { METHODS } from '@grokbench/task-kit';
import { warnNotLoaded } from '../select-tasks.js';

/** Tasks, their presets and the methods, one line each; on stderr, a line for each task package that did not load. */
export async function tasksCommand(argv: { json: boolean }): Promise<void> {
  const { tasks: found, problems } = await discoverTaskPackages();
  warnNotLoaded(problems);
  if (argv.json) {
    const tasks = found.map(({ task, packageName }) => ({
      id: task.id,
      paradigm: task.paradigm,
      description: task.description,
      package: packageName,
      presets: Object.fromEntries(Object.entries(task.presets).map(([name, p]) => [name, { description: p.description, source: p.source ?? null }])),
    }));
    const methods = Object.values(METHODS).map(({ id, description, source }) => ({ id, description, source: source ?? null }));
    process.stdout.write(`${JSON.stringify({ tasks, methods, notLoaded: problems }, null, 2)}\n`);
    return;
  }
  const lines: string[] = ['Tasks:'];
  for (const { task } of found) {
    lines.push(`  ${task.id.padEnd(14)} ${task.paradigm.padEnd(13)} ${task.description}`);
    for (const [name, preset] of Object.entries(task.presets)) lines.push(`    --preset ${name.padEnd(14)} ${preset.description}`);
  }
  lines.push('', 'Methods:');
  for (const m of Object.values(METHODS)) lines.push(`  --method ${m.id.padEnd(14)} ${m.description}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
