import type { HostTensor } from '@grokbench/graph';
import type { TrainingSession } from '@grokbench/trainer';
import { Bench } from 'tinybench';

export interface StepTimingOptions {
  /** Time budget of the timed phase, in seconds (0: just `minSteps`). */
  seconds: number;
  /** Timed steps at least, whatever the time budget (slow engines reach it after a few). */
  minSteps?: number;
  /** Untimed steps first, so one-time costs (allocation, kernel selection) are not counted. */
  warmupSteps?: number;
  /** Warm-up time budget; min(0.5 s, a quarter of `seconds`) by default. */
  warmupSeconds?: number;
}

export interface StepTiming {
  msPerStep: number;
  /** Relative margin of error of the mean step time, in percent. */
  rmePercent: number;
  /** Timed steps. */
  samples: number;
}

/** `run` timed with tinybench: warm-up first, then as many calls as the budget allows. */
async function timeWithTinybench(run: () => Promise<unknown>, options: StepTimingOptions): Promise<StepTiming> {
  const bench = new Bench({
    time: options.seconds * 1000,
    iterations: options.minSteps ?? 3,
    warmupTime: (options.warmupSeconds ?? Math.min(0.5, options.seconds / 4)) * 1000,
    warmupIterations: options.warmupSteps ?? 2,
    throws: true,
  });
  // Declared async: tinybench calls a plain function once more to find out whether it is.
  bench.add('call', async () => {
    await run();
  });
  await bench.run();
  const result = bench.tasks[0].result;
  if (!result || !('latency' in result) || !result.latency.samples.length) throw new Error('the benchmark produced no timings');
  return { msPerStep: result.latency.mean, rmePercent: result.latency.rme, samples: result.latency.samples.length };
}

/**
 * Times `session.step`. The step number keeps rising through warm-up and timing, as in a run: each
 * step is fed `feedsFor(step)`, so batches and learning-rate warm-up follow it.
 */
export function timeSteps(session: TrainingSession, feedsFor: (step: number) => Record<string, HostTensor>, options: StepTimingOptions): Promise<StepTiming> {
  return timeWithTinybench(() => session.step(feedsFor(session.stepsDone + 1)), options);
}

/** Mean milliseconds of `run` (an evaluation, say), timed like a step. */
export async function timeCalls(run: () => Promise<unknown>, options: StepTimingOptions): Promise<number> {
  return (await timeWithTinybench(run, options)).msPerStep;
}
