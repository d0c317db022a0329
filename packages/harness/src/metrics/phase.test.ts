import { describe, expect, it } from 'vitest';
import { classifyPhase } from './phase.js';

describe('classifyPhase', () => {
  it.each([
    [{ tFit: 100, tGrok: 1400 }, 'grokking'],
    [{ tFit: 200, tGrok: 300 }, 'comprehension'],
    [{ tFit: 200, tGrok: 100 }, 'comprehension'],
    [{ tFit: 100, tGrok: 200 }, 'grokking'], // ratio exactly 2
    [{ tFit: 100, tGrok: 199 }, 'comprehension'],
    [{ tFit: 100, tGrok: null }, 'memorization'],
    [{ tFit: null, tGrok: null }, 'confusion'],
    [{ tFit: null, tGrok: 500 }, 'confusion'],
    [{ tFit: 0, tGrok: 0 }, 'comprehension'],
    [{ tFit: 0, tGrok: 100 }, 'grokking'],
  ] as const)('%o → %s', (metrics, phase) => {
    expect(classifyPhase(metrics)).toBe(phase);
  });
});
