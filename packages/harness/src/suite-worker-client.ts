import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunRecord } from './run-record.js';
import { RUN_INPUT_ERRORS } from './run-input-errors.js';
import type { RunPlan, RunRequest } from './run-task.js';
import type { FromWorker, ToWorker } from './suite-worker-protocol.js';

/** The built worker entry: worker threads run JavaScript, so a suite runs lanes from dist/ only. */
const WORKER_ENTRY = new URL('./suite-worker.js', import.meta.url);

/** The bad-input errors by name: structured cloning drops an error's class, so it is revived from its name. */
const KNOWN_ERRORS = new Map(RUN_INPUT_ERRORS.map((kind) => [kind.name, kind]));

function revive(error: { name: string; message: string; stack?: string }): Error {
  const prototype = KNOWN_ERRORS.get(error.name)?.prototype ?? Error.prototype;
  return Object.assign(Object.create(prototype) as Error, error);
}

/** One worker thread of a suite, training the runs it is given one after another. */
export class SuiteWorker {
  private readonly worker: Worker;
  private busy: { resolve(record: RunRecord): void; reject(error: Error): void; progress: Pick<RunRequest, 'onStep' | 'onEval' | 'onNotice'> } | null = null;

  /** `signal` interrupts the run in progress (it checkpoints and returns, as in the main thread). */
  constructor(signal: AbortSignal) {
    if (!fs.existsSync(fileURLToPath(WORKER_ENTRY))) {
      throw new Error(`running several suite jobs at once needs the built harness (${fileURLToPath(WORKER_ENTRY)} is missing): npm run build`);
    }
    this.worker = new Worker(WORKER_ENTRY);
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => this.settle(null, error));
    this.worker.on('exit', (code) => this.settle(null, new Error(`a suite worker thread exited (code ${code}) during a run`)));
    signal.addEventListener('abort', () => this.post({ type: 'abort' }), { once: true });
  }

  run(request: RunRequest, plan: RunPlan, progress: Pick<RunRequest, 'onStep' | 'onEval'>): Promise<RunRecord> {
    if (this.busy) throw new Error('a suite worker trains one run at a time');
    const { task, signal: _signal, onStep: _step, onEval: _eval, onNotice, ...rest } = request;
    return new Promise<RunRecord>((resolve, reject) => {
      this.busy = { resolve, reject, progress: { ...progress, onNotice } };
      this.post({ type: 'run', request: { ...rest, taskId: task.id }, plan });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    const progress = this.busy?.progress;
    if (message.type === 'step') progress?.onStep?.(message.step, message.budget);
    else if (message.type === 'eval') progress?.onEval?.(message.point, message.budget);
    else if (message.type === 'notice') progress?.onNotice?.(message.message);
    else if (message.type === 'done') this.settle(message.record, null);
    else this.settle(null, revive(message.error));
  }

  private settle(record: RunRecord | null, error: Error | null): void {
    const busy = this.busy;
    if (!busy) return;
    this.busy = null;
    if (error) busy.reject(error);
    else busy.resolve(record as RunRecord);
  }
}
