import cliProgress from 'cli-progress';
import type { RunRecord } from '@grokbench/harness';
import type { CurvePoint } from '@grokbench/trainer';

/** Progress of one run: a bar on a terminal, plain lines (at most every few seconds) otherwise. */
export interface RunProgress {
  step(step: number, budget: number): void;
  evaluated(point: CurvePoint, budget: number): void;
  stop(): void;
}

const fmt = (x: number) => x.toFixed(3);

/**
 * A loss or a norm: fixed decimals while it is of a sane size, and in exponent form once it is
 * not (a diverging run's loss reaches 1e32; toFixed would print it as 33 digits).
 */
export function formatMagnitude(x: number, decimals: number): string {
  return Number.isFinite(x) && Math.abs(x) < 1e6 ? x.toFixed(decimals) : x.toExponential(3);
}

/** Three significant digits, so a slow run shows 0.0412 steps/s rather than 0. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '-';
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)));
}

export function createRunProgress(label: string, stream: NodeJS.WriteStream = process.stderr): RunProgress {
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
      const rate = formatRate(step / ((performance.now() - t0) / 1000));
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
    `${label} step ${p.step.toLocaleString('en-US')}/${budget.toLocaleString('en-US')}  train ${fmt(p.train)}  held-out ${fmt(p.heldout)}  loss ${formatMagnitude(p.trainLoss, 4)}/${formatMagnitude(p.heldoutLoss, 4)}  |w| ${formatMagnitude(p.weightNorm, 1)}\n`;
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

/** Progress of a suite: overall and per-run bars on a terminal, plain lines otherwise. Runs are told apart by their job index. */
export interface SuiteProgress {
  /** A line the user should read (a run reused or extended), between the bars on a terminal. */
  notice(message: string): void;
  jobStarted(label: string, index: number): void;
  jobEnded(label: string, record: RunRecord | null, index: number): void;
  /** A job not trained: `reason` says why (another process is training the run). */
  jobSkipped(label: string, reason: string, index: number): void;
  step(index: number, step: number, budget: number): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString('en-US');

function outcome(record: RunRecord | null): string {
  if (!record) return 'already recorded: reused (--rerun to repeat it)';
  if (record.stoppedBy === 'diverged') return `diverged at step ${count(record.divergedAt ?? record.stepsRun)} (loss or parameters NaN/∞)`;
  const { phase, primary } = record.metrics;
  // The verdict, not merely the crossing: a gradual or lost run reached θ too.
  const reached = primary.tGrok === null ? 'held-out never reached θ' : `held-out reached θ at step ${count(Math.round(primary.tGrok))}`;
  return `${phase}: ${reached} (${count(record.stepsRun)} steps, ${record.wallSeconds.toFixed(1)} s)`;
}

/**
 * Plain lines for logs (a cluster job, CI): one per finished run, and each running run's step at
 * most every `everyMs`, so a long suite is never silent for hours. `now` is the clock (tests pass their own).
 */
function lineSuiteProgress(total: number, stream: NodeJS.WriteStream, everyMs: number, now: () => number): SuiteProgress {
  const running = new Map<number, { label: string; lastPrinted: number }>();
  return {
    notice(message) {
      stream.write(`suite: ${message}\n`);
    },
    jobStarted(label, index) {
      running.set(index, { label, lastPrinted: now() });
    },
    jobEnded(label, record, index) {
      running.delete(index);
      stream.write(`suite [${index + 1}/${total}] ${label}: ${outcome(record)}\n`);
    },
    jobSkipped(label, reason, index) {
      running.delete(index);
      stream.write(`suite [${index + 1}/${total}] ${label}: skipped: ${reason}\n`);
    },
    step(index, step, budget) {
      const run = running.get(index);
      if (!run || now() - run.lastPrinted < everyMs) return;
      run.lastPrinted = now();
      stream.write(`suite [${index + 1}/${total}] ${run.label}: step ${count(step)}/${count(budget)}\n`);
    },
    stop() {},
  };
}

export function createSuiteProgress(total: number, stream: NodeJS.WriteStream = process.stderr, everyMs = 30_000, now = () => performance.now()): SuiteProgress {
  if (!stream.isTTY) return lineSuiteProgress(total, stream, everyMs, now);
  const bars = new cliProgress.MultiBar(
    { stream, hideCursor: true, clearOnComplete: false, format: '{label} {bar} {value}/{total} {unit}' },
    cliProgress.Presets.shades_classic,
  );
  const overall = bars.create(total, 0, { label: 'suite'.padEnd(32), unit: 'runs' });
  const running = new Map<number, cliProgress.SingleBar>();
  let done = 0;
  let stopped = false;
  const finish = (index: number, line: string) => {
    const bar = running.get(index);
    if (bar) bars.remove(bar);
    running.delete(index);
    overall.update(++done);
    bars.log(`${line}\n`);
  };
  return {
    notice(message) {
      bars.log(`${message}\n`);
    },
    jobStarted(label, index) {
      running.set(index, bars.create(1, 0, { label: label.slice(0, 32).padEnd(32), unit: 'steps' }));
    },
    jobEnded(label, record, index) {
      finish(index, `${label}: ${outcome(record)}`);
    },
    jobSkipped(label, reason, index) {
      finish(index, `${label}: skipped: ${reason}`);
    },
    step(index, step, budget) {
      const bar = running.get(index);
      bar?.setTotal(budget);
      bar?.update(step);
    },
    stop() {
      if (!stopped) bars.stop();
      stopped = true;
    },
  };
}
