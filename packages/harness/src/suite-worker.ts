// The worker thread of a suite lane (runSuite with concurrency > 1): trains the runs it is sent,
// one at a time, and reports progress and results back. Tasks are discovered here as in the main
// thread (same working directory and GROKBENCH_TASK_PATH), since a Task cannot cross threads.
import { parentPort } from 'node:worker_threads';
import { findTask } from './discovery.js';
import { runTask } from './run-task.js';
import type { FromWorker, ToWorker } from './suite-worker-protocol.js';

/** Step reports at most this often: the main thread only draws bars and prints lines from them. */
const STEP_REPORT_MS = 100;

const port = parentPort;
if (!port) throw new Error('suite-worker runs only as a worker thread');
const post = (message: FromWorker) => port.postMessage(message);
let current: AbortController | null = null;

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') current?.abort();
  else void train(message);
});

async function train({ request, plan }: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  current = new AbortController();
  let lastStepReport = -Infinity;
  try {
    const { taskId, ...rest } = request;
    const record = await runTask(
      {
        ...rest,
        task: await findTask(taskId),
        signal: current.signal,
        onStep: (step, budget) => {
          if (step < budget && performance.now() - lastStepReport < STEP_REPORT_MS) return;
          lastStepReport = performance.now();
          post({ type: 'step', step, budget });
        },
        onEval: (point, budget) => post({ type: 'eval', point, budget }),
        onNotice: (text) => post({ type: 'notice', message: text }),
      },
      plan,
    );
    post({ type: 'done', record });
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', error: { name, message, stack } });
  } finally {
    current = null;
  }
}
