import yargs from 'yargs';
import { benchCommand, benchOptions } from './commands/bench.js';
import { datasetCommand } from './commands/dataset.js';
import { compareCommand, type CompareFormat } from './commands/compare.js';
import { mergeCommand } from './commands/merge.js';
import { plotCommand, plotOptions, reportCommand, reportOptions } from './commands/report.js';
import { runCommand, runOptions } from './commands/run.js';
import { suiteCommand, suiteOptions } from './commands/suite.js';
import { tasksCommand } from './commands/tasks.js';
import { exitOnUserError, UsageError } from './user-error.js';

const COLLECTING = new Set(['_', 'set', 'files']);

/** Parses and runs one grokbench command line. */
export async function runCli(args: readonly string[]): Promise<void> {
  const parser = yargs([...args])
    .scriptName('grokbench')
    // A flag given twice takes its last value, as in most commands; --set and merge's files collect.
    .middleware((argv) => {
      for (const [key, value] of Object.entries(argv)) {
        if (Array.isArray(value) && !COLLECTING.has(key)) argv[key] = value.at(-1);
      }
    }, true)
    .usage('$0 <command> [options]')
    .command('run', 'train one (task, preset, method, seed) and write its curve and run.json', runOptions, async (argv) => runCommand(argv))
    .command('suite', 'run every (task, preset, method, seed) and record them in a leaderboard', suiteOptions, async (argv) => suiteCommand(argv))
    .command(
      'merge <files..>',
      'combine leaderboard files (shards) into one',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true })
          .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the merged leaderboard' }),
      async (argv) => mergeCommand({ files: argv.files as string[], output: argv.output }),
    )
    .command(
      'compare <base> <head>',
      'report grokking-time and throughput regressions of HEAD against BASE (exit 1 on regression)',
      (y) =>
        y
          .positional('base', { type: 'string', demandOption: true })
          .positional('head', { type: 'string', demandOption: true })
          .option('format', { choices: ['table', 'json', 'github-action-benchmark'] as const, default: 'table' as const }),
      async (argv) => compareCommand({ base: argv.base, head: argv.head, format: argv.format as CompareFormat }),
    )
    .command('bench', 'time training steps of each task: steps/s, examples/s, GFLOP/s', benchOptions, async (argv) => benchCommand(argv))
    .command('report', 'write the leaderboard and its curves as one offline HTML page', reportOptions, async (argv) => reportCommand(argv))
    .command('plot', "write the report's charts as SVG files, one per chart", plotOptions, async (argv) => plotCommand(argv))
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
          .option('json', { type: 'boolean', default: false })
          .option('set', { type: 'string', array: true, describe: 'override a data field: --set data.p=13' }),
      async (argv) => datasetCommand(argv),
    )
    .demandCommand(1, 'name a command: run, suite, report, plot, compare, merge, bench, tasks or dataset (grokbench --help)')
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
