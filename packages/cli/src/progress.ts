import cliProgress from 'cli-progress';
import type { CurvePoint } from '@grokbench/trainer';

/** Progress of one run: a bar on a terminal, plain lines (at most every few seconds) otherwise. */
export interface RunProgress {
  step(step: number, budget: number): void;
  evaluated(point: CurvePoint, budget: number): void;
  stop(): void;
}

const fmt = (x: number) => x.toFixed(3);

export function createRunProgress(label: string, stream: NodeJS.WriteStream = process.stderr, quiet = false): RunProgress {
  if (quiet) return { step() {}, evaluated() {}, stop() {} };
  return stream.isTTY ? barProgress(label, stream) : lineProgress(label, stream);
}

function barProgress(label: string, stream: NodeJS.WriteStream): RunProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} {bar} {value}/{total} steps | train {train} | held-out {heldout} | {rate} steps/s | eta {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last = { train: '-', heldout: '-' };
  const t0 = performance.now();
  return {
    step(step, budget) {
      if (!started) {
        bar.start(budget, step, { ...last, rate: '-' });
        started = true;
      }
      const rate = (step / ((performance.now() - t0) / 1000)).toFixed(0);
      bar.update(step, { ...last, rate });
    },
    evaluated(point) {
      last = { train: fmt(point.train), heldout: fmt(point.heldout) };
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineProgress(label: string, stream: NodeJS.WriteStream, everyMs = 2000): RunProgress {
  let lastPrinted = -Infinity;
  let pending: string | null = null;
  const line = (p: CurvePoint, budget: number) =>
    `${label} step ${p.step}/${budget}  train ${fmt(p.train)}  held-out ${fmt(p.heldout)}  loss ${p.trainLoss.toFixed(4)}/${p.heldoutLoss.toFixed(4)}  |w| ${p.weightNorm.toFixed(1)}\n`;
  return {
    step() {},
    evaluated(point, budget) {
      pending = line(point, budget);
      if (performance.now() - lastPrinted >= everyMs) {
        stream.write(pending);
        pending = null;
        lastPrinted = performance.now();
      }
    },
    stop() {
      if (pending) stream.write(pending);
    },
  };
}
