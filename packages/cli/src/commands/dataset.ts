import { findTask } from '@grokbench/harness';
import { resolveConfig, seedStreams } from '@grokbench/task-kit';
import { collectOverrides } from '../overrides.js';

/** The examples a run trains and evaluates on, with their split, so anyone can check the data. */
export async function datasetCommand(argv: { task: string; preset: string; seed: number; json: boolean; set?: string[] }): Promise<void> {
  const task = await findTask(argv.task);
  const config = resolveConfig(task, argv.preset, 'adamw', collectOverrides({ set: argv.set }));
  // The same stream runTask hands to setup(), so the split printed is the split trained on.
  const dump = task.dataset(config, seedStreams(argv.seed).data);
  if (argv.json) {
    process.stdout.write(`${JSON.stringify({ task: task.id, preset: argv.preset, seed: argv.seed, ...dump })}\n`);
    return;
  }
  const counts = new Map<string, number>();
  for (const e of dump.examples) counts.set(String(e.split), (counts.get(String(e.split)) ?? 0) + 1);
  const lines = [`${task.id} (${argv.preset}, seed ${argv.seed}): ${dump.description}`, `${dump.examples.length} examples: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`];
  for (const e of dump.examples.slice(0, 10)) lines.push(`  ${JSON.stringify(e)}`);
  if (dump.examples.length > 10) lines.push('  … (--json prints every example)');
  process.stdout.write(`${lines.join('\n')}\n`);
}
