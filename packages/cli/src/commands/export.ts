import { exportRun, findTask } from '@grokbench/harness';
import type { ArgsOf, exportOptions } from '../command-options.js';

/** Writes the run's parameters as safetensors and lists what went in. */
export async function exportCommand(argv: ArgsOf<typeof exportOptions>): Promise<void> {
  const result = await exportRun({ runDir: argv.run, out: argv.out, checkpoint: argv.checkpoint, optimizerState: argv['optimizer-state'], findTask: (id) => findTask(id) });
  const listed = result.tensors.map((t) => `  ${t.name} [${t.shape.join(', ')}]`).join('\n');
  process.stdout.write(`${result.file}: ${result.tensors.length} tensors at step ${result.step.toLocaleString('en-US')}\n${listed}\n`);
}
