import { closest, distance } from 'fastest-levenshtein';
import yargs, { type Argv } from 'yargs';

/** A typo is at most two edits away, and fewer than half the word's letters (so "rn" → "run", never "x" → "bench"). */
function nearest(word: string, candidates: readonly string[]): string | null {
  if (!candidates.length) return null;
  const best = closest(word, [...candidates]);
  const edits = distance(word, best);
  return edits <= 2 && edits < Math.max(2, word.length / 2) ? best : null;
}

/** yargs' own record of the options declared on an instance (its typings leave it out). */
type WithOptions = { getOptions(): { key: Record<string, unknown> } };

/** The flags a command takes, read from its option builder. */
function flagsOf(build: (y: Argv) => Argv<unknown>): string[] {
  const declared = build(yargs([])) as unknown as WithOptions;
  return Object.keys(declared.getOptions().key).filter((key) => key.length > 1);
}

/**
 * yargs' "Unknown argument: rn" or "Unknown arguments: step, task", with what was likely meant
 * after each: a command name where the command should be, the nearest flag of the command
 * otherwise ("Unknown argument: step (did you mean --steps?)").
 */
export function withSuggestions(message: string, args: readonly string[], commands: Readonly<Record<string, (y: Argv) => Argv<unknown>>>): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  const command = args.find((word) => !word.startsWith('-'));
  const build = command ? commands[command] : undefined;
  const hinted = match[1].split(', ').map((word) => {
    const isCommand = !build && word === command;
    const guess = isCommand ? nearest(word, Object.keys(commands)) : build ? nearest(word, flagsOf(build)) : null;
    return guess ? `${word} (did you mean ${isCommand ? guess : `--${guess}`}?)` : word;
  });
  return `Unknown argument${hinted.length > 1 ? 's' : ''}: ${hinted.join(', ')}`;
}
