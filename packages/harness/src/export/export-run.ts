import fs from 'node:fs';
import path from 'node:path';
import { seedStreams, type Task } from '@grokbench/task-kit';
import { readCheckpoint } from '@grokbench/trainer';
import { AnalyzeError } from '../analyze/analyze-error.js';
import { readRunRecord } from '../analyze/analyze-curve.js';
import { grokbenchVersion } from '../provenance.js';
import type { RunRecord } from '../run-record.js';
import { writeTextAtomically } from '../write-text-atomically.js';
import { encodeSafetensors, type NamedTensor } from './safetensors.js';

export interface ExportRequest {
  /** A run folder: run.json and checkpoint.bin. */
  runDir: string;
  /** Finds the task a run names (the harness's findTask): its graph names the parameters. */
  findTask(id: string): Promise<Task>;
  /** Where to write; default `<runDir>/model.safetensors`. */
  out?: string;
  /** Another checkpoint file of the run than its folder's own. */
  checkpoint?: string;
  /** Also write the optimizer state (Adam moments and the like) under its own names. */
  optimizerState?: boolean;
}

export interface ExportResult {
  file: string;
  /** The step of the checkpoint written. */
  step: number;
  tensors: { name: string; shape: readonly number[] }[];
}

/**
 * The names of the run's trainable parameters, from the graph its task builds for the recorded
 * config: the checkpoint also holds optimizer state, which is not the model.
 */
function parameterNames(task: Task, record: RunRecord): string[] {
  const config = task.configSchema.parse(record.config);
  const experiment = task.setup(config, seedStreams(record.seed).data);
  return experiment.graph.params.map((p) => p.tensor.name);
}

/**
 * Writes a run's parameters as safetensors, with their graph names and shapes, so they open in
 * PyTorch (`safetensors.torch.load_file`) or NumPy. The metadata names the run, its task, preset,
 * method, seed, the checkpoint's step and the resolved config.
 */
export async function exportRun(request: ExportRequest): Promise<ExportResult> {
  const record = readRunRecord(path.join(request.runDir, 'run.json'));
  const task = await request.findTask(record.task);
  const checkpointFile = request.checkpoint ?? path.join(request.runDir, 'checkpoint.bin');
  if (!fs.existsSync(checkpointFile)) throw new AnalyzeError(`${checkpointFile}: no checkpoint to export`);
  const checkpoint = readCheckpoint(checkpointFile);
  if (!checkpoint) throw new AnalyzeError(`${checkpointFile}: no checkpoint to export`);
  const { state } = checkpoint.session;
  const names = parameterNames(task, record);
  const missing = names.filter((name) => !state.has(name));
  if (missing.length) throw new AnalyzeError(`${checkpointFile}: not a checkpoint of run ${record.runId} (no ${missing[0]})`);
  const extra = request.optimizerState ? [...state.keys()].filter((name) => !names.includes(name)) : [];
  const tensors: NamedTensor[] = [...names, ...extra].map((name) => ({ name, tensor: state.get(name)! }));
  const step = checkpoint.session.stepsDone;
  const metadata = {
    format: 'pt',
    runId: record.runId,
    task: record.task,
    preset: record.preset,
    method: record.method,
    seed: String(record.seed),
    step: String(step),
    grokbenchVersion: grokbenchVersion(),
    config: JSON.stringify(record.config),
  };
  const file = request.out ?? path.join(request.runDir, 'model.safetensors');
  await writeTextAtomically(file, encodeSafetensors(tensors, metadata), (message) => new AnalyzeError(message));
  return { file, step, tensors: tensors.map(({ name, tensor }) => ({ name, shape: tensor.shape })) };
}
