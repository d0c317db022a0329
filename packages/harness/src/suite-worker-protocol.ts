import type { CurvePoint } from '@grokbench/trainer';
import type { RunRecord } from './run-record.js';
import type { RunPlan, RunRequest } from './run-task.js';

/** A run as it crosses to a worker thread: the task by id (the worker discovers it), no callbacks. */
export type WorkerRunRequest = Omit<RunRequest, 'task' | 'signal' | 'onStep' | 'onEval' | 'onNotice'> & { taskId: string };

export type ToWorker = { type: 'run'; request: WorkerRunRequest; plan: RunPlan } | { type: 'abort' };

export type FromWorker =
  | { type: 'step'; step: number; budget: number }
  | { type: 'eval'; point: CurvePoint; budget: number }
  | { type: 'notice'; message: string }
  | { type: 'done'; record: RunRecord }
  | { type: 'failed'; error: { name: string; message: string; stack?: string } };
