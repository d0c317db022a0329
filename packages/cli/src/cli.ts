import fs from 'node:fs';
import yargs from 'yargs';
import { benchOptions, plotOptions, reportOptions, runOptions, suiteOptions } from './command-options.js';
import type { CompareFormat } from './commands/compare.js';
import { integerIn, MAX_SEED } from './flag-values.js';
import { exitOnUserError, UsageError } from './user-error.js';

const COLLECTING = new Set(['_', 'set', 'files']);

// package.json sits one level above both src/ and dist/.
const VERSION = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** yargs reports some problems over several lines (choices on the next); the user gets them as one. */
const oneLine = (message: string) => message.replace(/\s*\n\s*/g, ' ').trim();

/**
 * Parses and runs one grokbench command line. Each command's module is imported when it runs, so
 * `--help`, `--version` and a refused command line load no engine, task or chart.
 */
export async function runCli(args: readonly string[]): Promise<void> {
  const parser = yargs([...args])
    .scriptName('grokbench')
    // A flag given twice is a mistake (which one was meant?); only --set and merge's files collect.
    .middleware((argv) => {
      for (const [key, value] of Object.entries(argv)) {
        if (Array.isArray(value) && !COLLECTING.has(key)) throw new UsageError(`--${key} is given more than once`);
      }
    }, true)
    .usage('$0 <command> [options]')
    .command('run', 'train one (task, preset, method, seed) and write its curve and run.json', runOptions, async (argv) => (await import('./commands/run.js')).runCommand(argv))
    .command('suite', 'run every (task, preset, method, seed) and record them in a leaderboard', suiteOptions, async (argv) => (await import('./commands/suite.js')).suiteCommand(argv))
    .command(
      'merge <files..>',
      'combine leaderboard files (shards) into one',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true })
          .positional('files', { describe: 'leaderboard files to combine' })
          .option('output', { alias: 'o', type: 'string', demandOption: true, requiresArg: true, describe: 'the merged leaderboard' }),
      async (argv) => (await import('./commands/merge.js')).mergeCommand({ files: argv.files as string[], output: argv.output }),
    )
    .command(
      'compare <base> <head>',
      'report grokking-time and throughput regressions of HEAD against BASE (exit 1 on regression)',
      (y) =>
        y
          .positional('base', { type: 'string', demandOption: true, describe: 'leaderboard to compare against' })
          .positional('head', { type: 'string', demandOption: true, describe: 'leaderboard judged' })
          .option('format', {
            choices: ['table', 'json', 'github-action-benchmark'] as const,
            default: 'table' as const,
            describe: 'output: a table, the comparison as JSON, or github-action-benchmark input',
          }),
      async (argv) => (await import('./commands/compare.js')).compareCommand({ base: argv.base, head: argv.head, format: argv.format as CompareFormat }),
    )
    .command('bench', 'time training steps of each task: steps/s, examples/s, GFLOP/s', benchOptions, async (argv) => (await import('./commands/bench.js')).benchCommand(argv))
    .command('report', 'write the leaderboard and its curves as one offline HTML page', reportOptions, async (argv) => (await import('./commands/report.js')).reportCommand(argv))
    .command('plot', "write the report's charts as SVG files, one per chart", plotOptions, async (argv) => (await import('./commands/report.js')).plotCommand(argv))
    .command(
      'tasks',
      'list tasks, their presets and the methods',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'print tasks and methods as JSON' }),
      async (argv) => (await import('./commands/tasks.js')).tasksCommand(argv),
    )
    .command(
      'dataset',
      "print a task's generated examples and their split",
      (y) =>
        y
          .option('task', { type: 'string', demandOption: true, describe: 'task id (see grokbench tasks)' })
          .option('preset', { type: 'string', default: 'quick', describe: 'named configuration of the task' })
          .option('seed', { type: 'string', default: '0', describe: 'seed of the split', coerce: integerIn('seed', 0, MAX_SEED) })
          .option('json', { type: 'boolean', default: false, describe: 'print every example as JSON' })
          .option('set', { type: 'string', array: true, describe: 'override a data field: --set data.p=13' })
          .requiresArg(['task', 'preset', 'seed', 'set']),
      async (argv) => (await import('./commands/dataset.js')).datasetCommand(argv),
    )
    .demandCommand(1, 'name a command: run, suite, report, plot, compare, merge, bench, tasks or dataset (grokbench --help)')
    .strict()
    .help()
    .version(VERSION)
    // Judged below, where the error kinds of the packages can be loaded.
    .fail((message, error) => {
      throw error ?? new UsageError(oneLine(message));
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    await exitOnUserError(error);
  }
}
