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

/**
 * Times `session.step` with tinybench. The step number keeps rising through warm-up and timing, as
 * in a run: each step is fed `feedsFor(step)`, so batches and learning-rate warm-up follow it.
 */
export async function timeSteps(
  session: TrainingSession,
  feedsFor: (step: number) => Record<string, HostTensor>,
  options: StepTimingOptions,
): Promise<StepTiming> {
  const bench = new Bench({
    time: options.seconds * 1000,
    iterations: options.minSteps ?? 3,
    warmupTime: (options.warmupSeconds ?? Math.min(0.5, options.seconds / 4)) * 1000,
    warmupIterations: options.warmupSteps ?? 2,
    throws: true,
  });
  bench.add('step', async () => {
    await session.step(feedsFor(session.stepsDone + 1));
  });
  await bench.run();
  const result = bench.tasks[0].result;
  if (!result || !('latency' in result) || !result.latency.samples.length) throw new Error('the benchmark produced no timings');
  return { msPerStep: result.latency.mean, rmePercent: result.latency.rme, samples: result.latency.samples.length };
}
