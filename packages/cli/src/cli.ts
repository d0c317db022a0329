import fs from 'node:fs';
import yargs from 'yargs';
import { COMMAND_OPTIONS, analyzeOptions, benchOptions, exportOptions, compareOptions, datasetOptions, mergeOptions, plotOptions, reportOptions, runOptions, suiteOptions, tasksOptions } from './command-options.js';
import type { CompareFormat } from './commands/compare.js';
import { withSuggestions } from './suggestions.js';
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
      mergeOptions,
      async (argv) => (await import('./commands/merge.js')).mergeCommand({ files: argv.files as string[], output: argv.output }),
    )
    .command(
      'compare <base> <head>',
      'report grokking-time and throughput regressions of HEAD against BASE (exit 1 on regression)',
      compareOptions,
      async (argv) => (await import('./commands/compare.js')).compareCommand({ base: argv.base, head: argv.head, format: argv.format as CompareFormat }),
    )
    .command(
      'analyze [files..]',
      "grokbench's metrics and verdict of curves from any source (run folders, curve.jsonl, CSV), or --relabel a results file",
      analyzeOptions,
      async (argv) => (await import('./commands/analyze.js')).analyzeCommand(argv),
    )
    .command(
      'export <run>',
      "write a run's parameters as safetensors (names and shapes from its graph), for PyTorch or NumPy",
      exportOptions,
      async (argv) => (await import('./commands/export.js')).exportCommand(argv),
    )
    .command('bench', 'time training steps of each task (steps/s, examples/s, GFLOP/s) and one evaluation without and with its companion series', benchOptions, async (argv) => (await import('./commands/bench.js')).benchCommand(argv))
    .command('report', 'write the leaderboard and its curves as one offline HTML page', reportOptions, async (argv) => (await import('./commands/report.js')).reportCommand(argv))
    .command('plot', "write the report's charts as SVG files, one per chart", plotOptions, async (argv) => (await import('./commands/report.js')).plotCommand(argv))
    .command(
      'tasks',
      'list tasks, their presets and the methods',
      tasksOptions,
      async (argv) => (await import('./commands/tasks.js')).tasksCommand(argv),
    )
    .command(
      'dataset',
      "print a task's generated examples and their split",
      datasetOptions,
      async (argv) => (await import('./commands/dataset.js')).datasetCommand(argv),
    )
    .demandCommand(1, 'name a command: run, suite, report, plot, compare, merge, analyze, export, bench, tasks or dataset (grokbench --help)')
    .strict()
    .help()
    .version(VERSION)
    // Judged below, where the error kinds of the packages can be loaded.
    .fail((message, error) => {
      throw error ?? new UsageError(withSuggestions(oneLine(message), args, COMMAND_OPTIONS));
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    await exitOnUserError(error);
  }
}
