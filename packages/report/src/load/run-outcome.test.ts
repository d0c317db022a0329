import { describe, expect, it } from 'vitest';
import { referenceEntry, withRun } from '../test-leaderboard.js';
import { grokkedShare, grokkedText, runPhase, runStatus } from './run-outcome.js';

const entry = referenceEntry('modular-add');
const [grokked] = entry.runs;

/** A run that reached θ and ended below it, as an older harness recorded it: phase "grokking", no phaseReason. */
function olderLost() {
  const run = structuredClone(grokked);
  run.metrics.final.heldout = 0.5;
  delete run.metrics.phaseReason;
  return run;
}

describe('runStatus and runPhase', () => {
  it('calls a run lost when it reached θ and ended below it, whatever phase an older record holds', () => {
    const run = olderLost();
    expect(run.metrics.phase).toBe('grokking');
    expect(runStatus(run)).toBe('lost');
    expect(runPhase(run)).toEqual({ phase: 'lost', reason: expect.stringContaining('recorded as "grokking"') });
  });

  it('calls a run lost when its record says so, and keeps the recorded reason', () => {
    const run = withRun(grokked, {});
    Object.assign(run.metrics, { phase: 'lost', phaseReason: 'held-out reached θ 0.95 at step 1450 and ended at 0.9' });
    expect(runStatus(run)).toBe('lost');
    expect(runPhase(run)).toEqual({ phase: 'lost', reason: 'held-out reached θ 0.95 at step 1450 and ended at 0.9' });
  });

  it('puts diverged before lost and grokked, by the stop or by the phase', () => {
    const stopped = withRun(olderLost(), { stoppedBy: 'diverged' });
    expect(runStatus(stopped)).toBe('diverged');
    expect(runPhase(stopped).phase).toBe('diverged');
    const labelled = withRun(grokked, {});
    Object.assign(labelled.metrics, { phase: 'diverged' });
    expect(runStatus(labelled)).toBe('diverged');
  });

  it('keeps the recorded phase and reason of a run that grokked and kept it', () => {
    const run = withRun(grokked, {});
    Object.assign(run.metrics, { phase: 'gradual', phaseReason: 'F = 0.3 < 0.75' });
    expect(runStatus(run)).toBe('grokked');
    expect(runPhase(run)).toEqual({ phase: 'gradual', reason: 'F = 0.3 < 0.75' });
    expect(runStatus(withRun(grokked, {}, { tGrok: null }))).toBe('never grokked');
  });

  it('says when a phase was given by an older harness that did not measure the rise after fit', () => {
    const run = withRun(grokked, {});
    delete run.metrics.phaseReason;
    expect(runPhase(run)).toEqual({ phase: run.metrics.phase, reason: expect.stringMatching(/^labelled by an older harness from tGrok \/ tFit alone/) });
  });
});

describe('grokkedText', () => {
  it('never counts a lost, diverged or gradual run among the grokked', () => {
    const n = entry.runs.length;
    const runs = [olderLost(), withRun(grokked, { stoppedBy: 'diverged' }), ...entry.runs.slice(2)];
    expect(grokkedText({ runs })).toBe(`${n - 2}/${n} (1 lost, 1 diverged)`);
    expect(grokkedShare({ runs })).toBe((n - 2) / n);
    expect(grokkedText(entry)).toBe(`${n}/${n}`);
    const gradual = withRun(grokked, {});
    Object.assign(gradual.metrics, { phase: 'gradual' });
    expect(grokkedText({ runs: [gradual, ...entry.runs.slice(1)] })).toBe(`${n - 1}/${n} (1 gradual)`);
    expect(grokkedShare({ runs: [gradual, ...entry.runs.slice(1)] })).toBe((n - 1) / n);
  });
});
