import { describe, expect, it } from 'vitest';
import { COMMAND_OPTIONS } from './command-options.js';
import { withSuggestions } from './suggestions.js';

describe('did you mean', () => {
  it.each([
    ['Unknown argument: rn', ['rn', '--task', 'x'], 'Unknown argument: rn (did you mean run?)'],
    ['Unknown argument: step', ['run', '--task', 'modular-add', '--step', '3'], 'Unknown argument: step (did you mean --steps?)'],
    ['Unknown argument: task', ['suite', '--task', 'modular-add'], 'Unknown argument: task (did you mean --tasks?)'],
    ['Unknown arguments: stpes, zzzzzz', ['suite', '--stpes', '4', '--zzzzzz', '1'], 'Unknown arguments: stpes (did you mean --steps?), zzzzzz'],
    ['Unknown argument: x', ['x'], 'Unknown argument: x'],
    ['Not enough non-option arguments: got 0, need at least 1', [], 'Not enough non-option arguments: got 0, need at least 1'],
  ])('%s (grokbench %j)', (message, args, expected) => {
    expect(withSuggestions(message, args, COMMAND_OPTIONS)).toBe(expected);
  });
});
