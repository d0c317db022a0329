import { discoverTasks } from '@grokbench/harness';
import type { HostTensor } from '@grokbench/graph';
import { METHODS, Rng, resolveConfig, type Task } from '@grokbench/task-kit';
import { buildConfiguredStep, OrtEngine, TrainingSession, type Engine } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../packages/trainer/src/testing/numerics.js';
import { webgpuAdapterOrSkip } from '../packages/trainer/src/test-webgpu.js';

/**
 * Every discovered task (so a task added later is covered without editing this file) on ORT's
 * WebGPU provider, against the CPU provider. Lavapipe runs Vulkan on the CPU, about 30× slower
 * than ORT's CPU kernels, so these take one step of each graph, not a run.
 */
const tasks = (await discoverTasks()).map((d) => d.task);

/** max |a − b| / max |b| over a tensor: 1e-5 is float32 rounding of a differently ordered sum. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

interface OneStep {
  metrics: Record<string, number>;
  state: ReadonlyMap<string, HostTensor>;
  scores: Record<string, number>;
}

/** One step of the task's quick preset from seed 0, then its evaluation graph on the new parameters. */
async function oneStep(task: Task, engine: Engine): Promise<OneStep> {
  const config = resolveConfig(task, 'quick', 'adamw');
  const rng = Rng.fromSeed(0);
  const experiment = task.setup(config, rng.split('data'));
  const init = rng.split('init');
  const session = await TrainingSession.create(engine, buildConfiguredStep(experiment, config), () => init.uniform());
  const evaluation = await engine.compile(experiment.graph, { ...experiment.evaluation });
  try {
    const metrics = await session.step(experiment.nextBatch(1, rng.split('batches')));
    const out = await evaluation.run(session.paramFeeds());
    const scores = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data[0]]));
    return { metrics, state: await session.stateValues(), scores };
  } finally {
    await evaluation.dispose();
    await session.dispose();
  }
}

function program(task: Task) {
  const config = resolveConfig(task, 'quick', 'adamw');
  return buildConfiguredStep(task.setup(config, Rng.fromSeed(0).split('data')), config);
}

describe.each(tasks.map((task) => [task.id, task] as const))('%s on WebGPU', (_id, task) => {
  it('builds every preset and method with every node on the WebGPU provider (no CPU fallback)', async (context) => {
    await webgpuAdapterOrSkip(context);
    // The engine compiles WebGPU sessions with disable_cpu_ep_fallback: a node without a WebGPU kernel fails the compile.
    const engine = await OrtEngine.create({ device: 'webgpu', threads: 1 });
    const combinations = [
      ...Object.keys(task.presets).map((preset) => [preset, 'adamw'] as const),
      ...Object.keys(METHODS).map((method) => ['quick', method] as const),
    ];
    for (const [preset, method] of combinations) {
      const config = resolveConfig(task, preset, method);
      const experiment = task.setup(config, Rng.fromSeed(0).split('data'));
      const program = buildConfiguredStep(experiment, config);
      const carried = [...program.state.map((s) => s.outputName), ...program.histories.map((h) => h.outputName)];
      for (const compiled of [
        await engine.compile(program.graph, program.outputs, { deviceOutputs: carried }),
        await engine.compile(experiment.graph, { ...experiment.evaluation }),
      ]) {
        await compiled.dispose();
      }
    }
  });

  it('takes one training step equal to the CPU provider’s within 1e-5 relative, and evaluates the same', async (context) => {
    await webgpuAdapterOrSkip(context);
    const cpu = await oneStep(task, new OrtEngine({ device: 'cpu', threads: 1 }));
    const gpu = await oneStep(task, await OrtEngine.create({ device: 'webgpu', threads: 1 }));
    for (const [name, value] of Object.entries(cpu.metrics)) expect(relativeDifference([gpu.metrics[name]], [value]), name).toBeLessThan(1e-5);
    for (const [name, value] of cpu.state) {
      const ours = gpu.state.get(name)!.data;
      // Every value of the optimizer state (the gradient's moments) agrees to 1e-5 of its tensor's
      // largest. A parameter agrees to 1e-5 as a whole (‖Δ‖/‖w‖): Adam's first update is about
      // lr·sign(g), so a gradient that is rounding noise in both (a cancelling sum) moves its
      // parameter by up to ±lr on either provider; measured 5e-4 of the largest weight at most.
      const isParameter = program(task).graph.params.some((p) => p.tensor.name === name);
      const error = isParameter ? relativeError(ours, value.data) : relativeDifference(ours, value.data);
      expect(error, name).toBeLessThan(1e-5);
    }
    for (const name of ['trainLoss', 'heldoutLoss']) expect(relativeDifference([gpu.scores[name]], [cpu.scores[name]]), name).toBeLessThan(1e-5);
    // A score is a count of argmax hits: a logit within rounding of a tie may flip one example, no more.
    for (const name of ['train', 'heldout']) expect(Math.abs(gpu.scores[name] - cpu.scores[name]), name).toBeLessThan(2e-3);
  });
});
