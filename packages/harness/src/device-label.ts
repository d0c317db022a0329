import { softwareRendererName, type EngineInfo } from '@grokbench/trainer';

/**
 * How results name the device an engine ran on: "cpu", "cuda", "webgpu (NVIDIA H100 80GB HBM3)",
 * or "webgpu (software: llvmpipe)" for a CPU rasterizer, so a software adapter's throughput is
 * never read as a GPU's.
 */
export function deviceLabel(engine: Pick<EngineInfo, 'device' | 'adapter'>): string {
  if (engine.device !== 'webgpu' || !engine.adapter) return engine.device;
  const { adapter } = engine;
  return adapter.software ? `webgpu (software: ${softwareRendererName(adapter)})` : `webgpu (${adapter.description})`;
}
