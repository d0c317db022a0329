import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCurveFile } from './curve-file.js';

function curveFile(lines: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-curve-')), 'curve.jsonl');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

describe('readCurveFile', () => {
  it('reads every numeric series by name, including a nested `extra` object', () => {
    const file = curveFile([
      JSON.stringify({ step: 0, train: 0.1, heldout: 0.05, weightNorm: 3, extra: { heldOutLoss: 2.5, actionAccuracy: 0.2 } }),
      JSON.stringify({ step: 10, train: 0.9, heldout: 0.5, weightNorm: 4, extra: { heldOutLoss: 1.5, actionAccuracy: 0.7 } }),
    ]);
    expect(readCurveFile(file)).toEqual([
      { step: 0, series: { train: 0.1, heldout: 0.05, weightNorm: 3, heldOutLoss: 2.5, actionAccuracy: 0.2 } },
      { step: 10, series: { train: 0.9, heldout: 0.5, weightNorm: 4, heldOutLoss: 1.5, actionAccuracy: 0.7 } },
    ]);
  });

  it('keeps a nested series that repeats a top-level name apart, and drops non-numbers', () => {
    const file = curveFile([JSON.stringify({ step: 5, train: 0.5, note: 'x', extra: { train: 0.4, flag: true } })]);
    expect(readCurveFile(file)).toEqual([{ step: 5, series: { train: 0.5, 'extra:train': 0.4 } }]);
  });

  it('skips a line cut off mid-write and returns null for a missing file', () => {
    const file = curveFile([JSON.stringify({ step: 1, train: 0.2, heldout: 0.1 }), '{"step": 2, "tra']);
    expect(readCurveFile(file)).toEqual([{ step: 1, series: { train: 0.2, heldout: 0.1 } }]);
    expect(readCurveFile(path.join(path.dirname(file), 'absent.jsonl'))).toBeNull();
  });
});
