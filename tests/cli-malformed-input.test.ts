import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { grokbenchConcurrently, inBatches, tempDir } from './cli-helpers.js';

/**
 * A generated corpus of malformed command lines and files: each case is a valid command with one
 * thing broken (a value that is not a number or out of range, a flag without its value or given
 * twice, a --set path that is no config key, a bad choice, an output under a file, a damaged input
 * file). Every one must end in exit 2 with exactly one line on stderr, no stack trace, and no file
 * created. A valid command that slipped through would train (50 steps) and exit 0: the test fails.
 * The fixtures folder is shared, so a case that wrote into it would show once all have run.
 */

type Flags = [string, string | null][];
interface Command {
  name: string;
  positionals: (fixtures: string) => string[];
  flags: (fixtures: string) => Flags;
  /** Flags taking numbers, and outputs, that the malformations pick from. */
  numeric: string[];
  output?: string;
  files?: boolean;
}

const TINY_RUN: Flags = [
  ['--task', 'modular-add'],
  ['--set', 'data.p=23'],
  ['--steps', '50'],
];
const COMMANDS: Command[] = [
  { name: 'run', positionals: () => [], flags: () => [...TINY_RUN, ['--out', 'runs']], numeric: ['--steps', '--seed', '--threads', '--lr', '--batch-size', '--eval-every'], output: '--out' },
  {
    name: 'suite',
    positionals: () => [],
    flags: () => [['--tasks', 'modular-add'], ['--seeds', '1'], ['--set', 'data.p=23'], ['--steps', '50'], ['--out', 'lb.json']],
    numeric: ['--seeds', '--steps', '--threads'],
    output: '--out',
  },
  { name: 'bench', positionals: () => [], flags: () => [['--tasks', 'modular-add'], ['--seconds', '0.2'], ['--json', 'bench.json']], numeric: ['--seconds', '--threads'], output: '--json' },
  { name: 'dataset', positionals: () => [], flags: () => [['--task', 'modular-add'], ['--set', 'data.p=5']], numeric: ['--seed'] },
  { name: 'merge', positionals: (f) => [path.join(f, 'good.json')], flags: () => [['-o', 'merged.json']], numeric: [], output: '-o', files: true },
  { name: 'compare', positionals: (f) => [path.join(f, 'good.json'), path.join(f, 'good.json')], flags: () => [['--format', 'table']], numeric: [], files: true },
];

const NOT_NUMBERS = ['abc', '-1', '1.5x', '', 'NaN', '0x1g', '--', '1e'];
/** Values past a named limit (steps, seeds, seed, threads), per command. */
const BEYOND_LIMITS: Record<string, [string, string][]> = {
  run: [['--steps', '3000000000000'], ['--seed', '3000000000000'], ['--threads', '4096']],
  suite: [['--seeds', '3000000000'], ['--steps', '3000000000000'], ['--threads', '4096'], ['--seed-list', '0,1,1']],
  bench: [['--threads', '4096'], ['--seconds', '-3']],
  dataset: [['--seed', '3000000000000'], ['--set', 'data.p=1000003']],
};
const BAD_SET_PATHS = ['__proto__.polluted=1', 'constructor=1', 'optimizer.prototype=1', 'model..hidden=3', '=3', 'noSuchField=1', 'optimizer.noSuchField=2'];
const BAD_FILES = ['truncated.json', 'garbage.json', 'run-record.json', 'a-folder', 'missing.json', 'empty.json'];

type Malformation = (command: Command, flags: Flags, positionals: string[], fixtures: string) => { flags: Flags; positionals: string[] };

const setFlag = (flags: Flags, flag: string, value: string | null): Flags => [...flags.filter(([f]) => f !== flag), [flag, value]];

const malformations: fc.Arbitrary<{ label: string; apply: Malformation }>[] = [
  fc.tuple(fc.nat(), fc.constantFrom(...NOT_NUMBERS)).map(([i, value]) => ({
    label: `number ${JSON.stringify(value)}`,
    apply: (c, flags, positionals) => (c.numeric.length ? { flags: setFlag(flags, c.numeric[i % c.numeric.length], value), positionals } : { flags: setFlag(flags, '--format', value), positionals }),
  })),
  fc.nat().map((i) => ({
    label: 'a value beyond its limit',
    apply: (c, flags, positionals) => {
      const limited = BEYOND_LIMITS[c.name];
      if (!limited) return { flags: setFlag(flags, '--format', 'huge'), positionals };
      const [flag, value] = limited[i % limited.length];
      return { flags: setFlag(flags, flag, value), positionals };
    },
  })),
  fc.nat().map((i) => ({
    label: 'flag without its value',
    apply: (_c, flags, positionals) => {
      const withValue = flags.filter(([, v]) => v !== null);
      const [flag] = withValue[i % withValue.length];
      // Both forms: the last word, and followed by another flag (which would be taken for its value without requiresArg).
      const rest = flags.filter(([f]) => f !== flag);
      return { flags: i % 2 ? [...rest, [flag, null]] : [[flag, null], ...rest], positionals };
    },
  })),
  fc.nat().map((i) => ({
    label: 'flag given twice',
    apply: (_c, flags, positionals) => {
      const once = flags.filter(([f]) => f !== '--set');
      const [flag, value] = once[i % once.length];
      return { flags: [...flags, [flag, value]], positionals };
    },
  })),
  fc.constantFrom(...BAD_SET_PATHS).map((assignment) => ({
    label: `--set ${assignment}`,
    // On commands without --set the flag itself is unknown: also exit 2.
    apply: (_c, flags, positionals) => ({ flags: [...flags, ['--set', assignment]], positionals }),
  })),
  fc.constantFrom(['--engine', 'torch'], ['--device', 'tpu'], ['--format', 'xml'], ['--no-such-flag', '1']).map(([flag, value]) => ({
    label: `${flag} ${value}`,
    apply: (_c, flags, positionals) => ({ flags: [...flags, [flag, value]], positionals }),
  })),
  fc.constant({
    label: 'output under a file',
    apply: (c, flags, positionals, fixtures) => (c.output ? { flags: setFlag(flags, c.output, path.join(fixtures, 'a-file', 'out.json')), positionals } : { flags, positionals: [...positionals, 'extra'] }),
  }),
  fc.tuple(fc.constantFrom(...BAD_FILES), fc.nat()).map(([file, i]) => ({
    label: `input file ${file}`,
    apply: (c, flags, positionals, fixtures) => {
      if (!c.files) return { flags: setFlag(flags, '--set', `data.p=${file.length * 2}`), positionals }; // an even modulus: not a prime
      const at = i % positionals.length;
      return { flags, positionals: positionals.map((p, j) => (j === at ? path.join(fixtures, file) : p)) };
    },
  })),
];

function argsOf(command: Command, flags: Flags, positionals: string[]): string[] {
  return [command.name, ...positionals, ...flags.flatMap(([f, v]) => (v === null ? [f] : [f, v]))];
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('malformed input, generated', () => {
  let fixtures: string;
  beforeAll(() => {
    fixtures = tempDir('grokbench-malformed-fixtures-');
    const good = fs.readFileSync(path.resolve('results/leaderboard.json'), 'utf8');
    fs.writeFileSync(path.join(fixtures, 'good.json'), good);
    fs.writeFileSync(path.join(fixtures, 'truncated.json'), good.slice(0, good.length / 2));
    fs.writeFileSync(path.join(fixtures, 'garbage.json'), 'this is not JSON\n');
    fs.writeFileSync(path.join(fixtures, 'run-record.json'), JSON.stringify({ schema: 'grokbench/run@1' }));
    fs.writeFileSync(path.join(fixtures, 'empty.json'), '');
    fs.writeFileSync(path.join(fixtures, 'a-file'), 'a file where a folder is expected\n');
    fs.mkdirSync(path.join(fixtures, 'a-folder'));
  });

  it('always exits 2 with one line on stderr, no stack trace and no new files', async () => {
    const before = listing(fixtures);
    // 40 generated cases, the same ones every run (a fixed seed), run side by side: each is a CLI
    // process, and they do not share a working folder. A failure names its case.
    const cases = fc.sample(fc.tuple(fc.constantFrom(...COMMANDS), fc.oneof(...malformations)), { numRuns: 40, seed: 20251125 });
    const failures = await inBatches(cases, Math.max(2, availableParallelism()), async ([command, malformation]) => {
      const { flags, positionals } = malformation.apply(command, command.flags(fixtures), command.positionals(fixtures), fixtures);
      const args = argsOf(command, flags, positionals);
      const cwd = tempDir('grokbench-malformed-cwd-');
      const result = await grokbenchConcurrently(args, cwd);
      const problems = [
        result.status === 2 ? null : `exit ${result.status}`,
        result.stderr.trim().split('\n').length === 1 ? null : 'more than one line on stderr',
        /^grokbench: /.test(result.stderr) ? null : 'stderr does not start with "grokbench: "',
        /\n\s+at /.test(result.stderr) ? 'a stack trace' : null,
        listing(cwd).length === 0 ? null : `files created: ${listing(cwd).join(', ')}`,
      ].filter(Boolean);
      return problems.length ? `${malformation.label}: grokbench ${args.join(' ')}\n  ${problems.join('; ')}\n  ${result.stderr}` : null;
    });
    expect(failures.filter(Boolean)).toEqual([]);
    expect(cases).toHaveLength(40);
    expect(listing(fixtures)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
