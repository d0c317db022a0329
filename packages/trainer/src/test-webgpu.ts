import type { TestContext } from 'vitest';
import type { GpuAdapter } from './engines/engine.js';
import { findWebGpuAdapter } from './engines/webgpu-adapter.js';

/** CI sets GROKBENCH_REQUIRE_WEBGPU=1 (after installing lavapipe): there a missing adapter fails the WebGPU tests instead of skipping them. */
export const WEBGPU_REQUIRED = process.env.GROKBENCH_REQUIRE_WEBGPU === '1';

const NO_ADAPTER = 'no WebGPU adapter (install Mesa lavapipe or a Vulkan GPU driver: README, "GPU")';

/**
 * The adapter the WebGPU tests run on. Without one the test is skipped with that reason, said on
 * stderr too so a skipped GPU path is never silent; with GROKBENCH_REQUIRE_WEBGPU=1 it fails.
 */
export async function webgpuAdapterOrSkip(context: TestContext): Promise<GpuAdapter> {
  const adapter = await findWebGpuAdapter();
  if (adapter) return adapter;
  if (WEBGPU_REQUIRED) throw new Error(`GROKBENCH_REQUIRE_WEBGPU=1, but ${NO_ADAPTER}`);
  process.stderr.write(`${context.task.file?.name ?? 'a WebGPU test'} skipped: ${NO_ADAPTER}\n`);
  context.skip(NO_ADAPTER);
  throw new Error('unreachable: context.skip throws');
}
