import { describe, expect, it } from 'vitest';
import { grokkedWithPhases, lostGeneralization, phaseCounts, summarizeEntry } from './summarize-entry.js';
import { syntheticRun } from './test-runs.js';

// Expected figures are type-7 quantiles (numpy.quantile's default), computed by hand.
describe('summarizeEntry', () => {
  const runs = [
    syntheticRun({ seed: 0, tGrok: 1000, stepsPerSecond: 1000, wallSeconds: 10 }),
    syntheticRun({ seed: 1, tGrok: null, stepsPerSecond: 800, wallSeconds: 20 }),
    syntheticRun({ seed: 2, tGrok: 3000, stepsPerSecond: 1200, wallSeconds: 30 }),
    syntheticRun({ seed: 3, tGrok: 2000, stepsPerSecond: 900, wallSeconds: 40 }),
  ];

  it('counts a run that never grokked in n and in grokked, and summarizes tGrok over the others', () => {
    const summary = summarizeEntry(runs);
    expect(summary.runs).toBe(4);
    expect(summary.grokked).toBe('3/4');
    // tGrok 1000, 2000, 3000: q1 = 1000 + 0.5·1000, median 2000, q3 = 2000 + 0.5·1000.
    expect(summary.tGrok).toEqual({ n: 4, count: 3, reached: '3/4', median: 2000, q1: 1500, q3: 2500, iqr: 1000 });
    // delay = tGrok − tFit (tFit 100): 900, 1900, 2900.
    expect(summary.delay).toEqual({ n: 4, count: 3, reached: '3/4', median: 1900, q1: 1400, q3: 2400, iqr: 1000 });
    // relativeSharpness = tGrok / 200: 5, 10, 15.
    expect(summary.relativeSharpness).toEqual({ n: 4, count: 3, reached: '3/4', median: 10, q1: 7.5, q3: 12.5, iqr: 5 });
    expect(summary.tFit).toEqual({ n: 4, count: 4, reached: '4/4', median: 100, q1: 100, q3: 100, iqr: 0 });
  });

  it('summarizes throughput and wall time over every run', () => {
    const summary = summarizeEntry(runs);
    // steps/s 800, 900, 1000, 1200: q1 at rank 0.75 → 875, median 950, q3 at rank 2.25 → 1050.
    expect(summary.stepsPerSecond).toEqual({ n: 4, count: 4, reached: '4/4', median: 950, q1: 875, q3: 1050, iqr: 175 });
    // wall seconds 10, 20, 30, 40: 17.5, 25, 32.5.
    expect(summary.wallSeconds).toEqual({ n: 4, count: 4, reached: '4/4', median: 25, q1: 17.5, q3: 32.5, iqr: 15 });
  });

  it('reports 0/n with null statistics when no run grokked', () => {
    const summary = summarizeEntry([syntheticRun({ tGrok: null }), syntheticRun({ seed: 1, tGrok: null })]);
    expect(summary.grokked).toBe('0/2');
    expect(summary.tGrok).toEqual({ n: 2, count: 0, reached: '0/2', median: null, q1: null, q3: null, iqr: null });
    expect(summary.delayRatio.median).toBeNull();
  });

  it('gives 2/3 for three seeds of which one never grokked', () => {
    const summary = summarizeEntry([syntheticRun({ tGrok: 400 }), syntheticRun({ seed: 1, tGrok: null }), syntheticRun({ seed: 2, tGrok: 600 })]);
    expect(summary.grokked).toBe('2/3');
    expect(summary.tGrok).toMatchObject({ median: 500, q1: 450, q3: 550, iqr: 100 });
  });

  it('says what the runs that did not grok did, a collapse after θ as lost even in a record labelled before that phase', () => {
    const collapsed = structuredClone(runs[2]);
    collapsed.metrics.final.heldout = 0.2; // still labelled grokking, as records before the phase were
    const neverGrokked = runs[1];
    expect([lostGeneralization(runs[0]), lostGeneralization(collapsed), lostGeneralization(neverGrokked)]).toEqual([false, true, false]);
    const withCollapse = [runs[0], neverGrokked, collapsed, runs[3]];
    expect(grokkedWithPhases({ runs: withCollapse })).toBe('2/4 (1 memorization, 1 lost)');
    expect(grokkedWithPhases({ runs })).toBe('3/4 (1 memorization)');
  });

  it('counts grokked by verdict, not by reaching θ: a gradual run reached θ but did not grok', () => {
    const gradual = structuredClone(runs[3]);
    gradual.metrics.phase = 'gradual';
    const entry = [runs[0], runs[1], runs[2], gradual];
    const summary = summarizeEntry(entry);
    expect(summary.grokked).toBe('2/4');
    expect(summary.tGrok.reached).toBe('3/4');
    expect(summary.phases).toEqual({ grokking: 2, gradual: 1, memorization: 1 });
    expect(phaseCounts(entry)).toEqual(summary.phases);
    expect(summary.riseAfterFit).toMatchObject({ count: 4, median: 1 });
    expect(grokkedWithPhases({ runs: entry })).toBe('2/4 (1 gradual, 1 memorization)');
  });

  it('summarizes when the circuit formed and its lead over tGrok, and in how many runs it came first', () => {
    const withCircuit = runs.map((run, i) => {
      const copy = structuredClone(run);
      const formedAt = [400, 500, 3500, 1000][i];
      const tGrok = copy.metrics.primary.tGrok;
      copy.metrics.circuit = { series: 'embeddingFourierIpr', first: 0.07, final: 0.7, formedAt, cleanupEndsAt: null, leadSteps: tGrok === null ? null : tGrok - formedAt, reason: null };
      return copy;
    });
    // tGrok 1000, null, 3000, 2000 → leads 600, −500, 1000; formedAt 400, 500, 3500, 1000.
    const summary = summarizeEntry(withCircuit);
    expect(summary.circuit).toMatchObject({ series: 'embeddingFourierIpr', beforeTGrok: '2/3', leadSteps: { count: 3, median: 600 }, formedAt: { count: 4, median: 750 } });
    // A run that reached θ and fell below it (lost) has no time to grok to lead: left out.
    withCircuit[0].metrics.final.heldout = 0.2;
    expect(summarizeEntry(withCircuit).circuit).toMatchObject({ beforeTGrok: '1/2', leadSteps: { count: 2, median: 250 } });
    expect(summarizeEntry(runs).circuit).toBeUndefined();
  });
});
