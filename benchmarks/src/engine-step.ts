#!/usr/bin/env node
/**
 * Times one full-batch AdamW step of the reference MLP (DESIGN.md §1) on each engine, prints a
 * table and optionally writes it as JSON:
 *   npm run bench:engine -- --json bench-engine.json
 */
import os from 'node:os';
import {
  availableCores,
  cpuModel,
  createEngine,
  EngineUnavailableError,
  OrtEngine,
  TrainingSession,
  type Engine,
} from '@grokbench/trainer';
import { deviceLabel, timeSteps, type StepTimingOptions } from '@grokbench/harness';
import writeFileAtomic from 'write-file-atomic';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildReferenceMlp, REFERENCE_MLP_ID } from './reference-mlp.js';

interface EngineResult {
  engine: string;
  backend: string;
  device: string;
  threads: number;
  msPerStep: number;
  /** Relative margin of error of the mean, in percent. */
  rmePercent: number;
  samples: number;
  stepsPerSecond: number;
  gflops: number;
}

const argv = yargs(hideBin(process.argv))
  .scriptName('bench:engine')
  .usage('$0 [--engines ort,tfjs] [--json FILE]')
  .option('engines', { type: 'string', default: 'ort,tfjs', describe: 'comma-separated engines to time' })
  .option('device', { choices: ['cpu', 'cuda', 'webgpu'] as const, default: 'cpu' as const, describe: 'device for every engine' })
  .option('threads', { type: 'number', describe: 'CPU threads (default: cores available)' })
  .option('json', { type: 'string', describe: 'write the results to this JSON file' })
  .option('ort-seconds', { type: 'number', default: 5, describe: 'time budget for the ORT engine' })
  .option('tfjs-steps', { type: 'number', default: 3, describe: 'timed steps on tfjs (slow without tfjs-node)' })
  .check((a) => {
    const unknown = a.engines.split(',').filter((e) => e !== 'ort' && e !== 'tfjs');
    if (unknown.length) throw new Error(`unknown engine: ${unknown.join(', ')} (choose ort, tfjs)`);
    return true;
  })
  .strict()
  .fail((message, error) => {
    console.error(`bench:engine: ${message ?? error?.message}`);
    process.exit(2);
  })
  .parseSync();

async function timeEngine(engine: Engine, timing: StepTimingOptions): Promise<EngineResult> {
  const mlp = buildReferenceMlp();
  const session = await TrainingSession.create(engine, mlp.program, () => mlp.initRng.uniform());
  let measured: Awaited<ReturnType<typeof timeSteps>>;
  try {
    // Full batch: the training set is baked into the graph, so a step needs no feeds.
    measured = await timeSteps(session, () => ({}), timing);
  } finally {
    await session.dispose();
  }
  const { msPerStep: ms, rmePercent, samples } = measured;
  const { name, backend, threads } = engine.info;
  return {
    engine: name,
    backend,
    device: deviceLabel(engine.info),
    threads,
    msPerStep: round(ms),
    rmePercent: round(rmePercent),
    samples,
    stepsPerSecond: round(1000 / ms),
    gflops: round(mlp.program.flops / ms / 1e6),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const names = argv.engines.split(',');
  const results: EngineResult[] = [];
  for (const name of names) {
    if (name === 'ort') {
      const timing = { seconds: argv['ort-seconds'], minSteps: 20, warmupSteps: 10, warmupSeconds: 0.25 };
      results.push(await timeEngine(await OrtEngine.create({ device: argv.device, threads: argv.threads }), timing));
    } else {
      const timing = { seconds: 0, minSteps: argv['tfjs-steps'], warmupSteps: 1, warmupSeconds: 0 };
      results.push(await timeEngine(await createEngine('tfjs', { device: argv.device, threads: argv.threads }), timing));
    }
    console.error(`timed ${name}`);
  }
  const fastest = Math.min(...results.map((r) => r.msPerStep));
  console.table(
    results.map((r) => ({
      engine: r.engine,
      backend: r.backend,
      // "webgpu (software: llvmpipe)" where the adapter is a CPU rasterizer: never read as a GPU figure.
      device: r.device,
      threads: r.threads,
      'ms/step': r.msPerStep,
      '±%': r.rmePercent,
      'steps/s': r.stepsPerSecond,
      'GFLOP/s': r.gflops,
      'relative': `${round(r.msPerStep / fastest)}×`,
    })),
  );
  const report = {
    model: REFERENCE_MLP_ID,
    results,
    environment: { cpuModel: cpuModel(), cores: availableCores(), node: process.version, os: `${os.platform()} ${os.release()}` },
  };
  if (argv.json) await writeFileAtomic(argv.json, `${JSON.stringify(report, null, 2)}\n`);
}

try {
  await main();
} catch (error) {
  // An engine that cannot run here says how to fix it in one line; anything else is a bug and keeps its stack.
  if (!(error instanceof EngineUnavailableError)) throw error;
  console.error(`bench:engine: ${error.message}`);
  process.exit(2);
}
