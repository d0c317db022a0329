import yargs from 'yargs';
import { datasetCommand } from './commands/dataset.js';
import { runCommand, runOptions } from './commands/run.js';
import { tasksCommand } from './commands/tasks.js';
import { exitOnUserError, UsageError } from './user-error.js';

/** Parses and runs one grokbench command line. */
export async function runCli(args: readonly string[]): Promise<void> {
  const parser = yargs([...args])
    .scriptName('grokbench')
    // A flag given twice takes its last value, as in most commands; only --set collects.
    .middleware((argv) => {
      for (const [key, value] of Object.entries(argv)) {
        if (Array.isArray(value) && key !== 'set' && key !== '_') argv[key] = value.at(-1);
      }
    }, true)
    .usage('$0 <command> [options]')
    .command('run', 'train one (task, preset, method, seed) and write its curve and run.json', runOptions, async (argv) => runCommand(argv))
    .command(
      'tasks',
      'list tasks, their presets and the methods',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (argv) => tasksCommand(argv),
    )
    .command(
      'dataset',
      "print a task's generated examples and their split",
      (y) =>
        y
          .option('task', { type: 'string', demandOption: true })
          .option('preset', { type: 'string', default: 'quick' })
          .option('seed', { type: 'number', default: 0 })
          .option('json', { type: 'boolean', default: false }),
      async (argv) => datasetCommand(argv),
    )
    .demandCommand(1, 'name a command: run, tasks or dataset (grokbench --help)')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      exitOnUserError(error ?? new UsageError(message));
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    exitOnUserError(error);
  }
}
