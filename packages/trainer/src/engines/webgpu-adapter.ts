import type { GpuAdapter } from './engine.js';

/** What a user without any WebGPU adapter is told (one line). */
export const NO_WEBGPU_ADAPTER =
  'no WebGPU adapter: install a GPU driver with Vulkan, or Mesa lavapipe (`apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1`) to test on the CPU; or use --device cpu';

/** Mesa's and Google's CPU rasterizers, named in the adapter's description or device. */
const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader/i;

interface DawnAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

/** The first software renderer's name in the description, e.g. "llvmpipe", for labels. */
export function softwareRendererName(adapter: GpuAdapter): string {
  return SOFTWARE_RENDERERS.exec(`${adapter.description} ${adapter.architecture}`)?.[0].toLowerCase() ?? adapter.description;
}

function describeAdapter(info: DawnAdapterInfo): GpuAdapter {
  const names = `${info.description} ${info.device}`;
  const software = info.isFallbackAdapter === true || info.architecture === 'software' || SOFTWARE_RENDERERS.test(names);
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    description: (info.description || info.device).trim(),
    backend: 'vulkan',
    software,
  };
}

let found: Promise<GpuAdapter | null> | undefined;

/**
 * The adapter ORT's WebGPU provider runs on. ORT's Dawn does not report it, so Dawn's Node bindings
 * (the `webgpu` package) make the same request it makes — the Vulkan backend, high-performance —
 * and read the adapter's info. Both enumerate the same Vulkan drivers; where several are installed,
 * VK_ICD_FILENAMES narrows both to one. Null when there is no adapter at all.
 */
export function findWebGpuAdapter(): Promise<GpuAdapter | null> {
  found ??= (async () => {
    try {
      const { create } = await import('webgpu');
      const gpu = create(['backend=vulkan']);
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      return adapter ? describeAdapter(adapter.info as unknown as DawnAdapterInfo) : null;
    } catch {
      // No Vulkan loader (libvulkan.so.1) or no binary for this platform: no adapter either way.
      return null;
    }
  })();
  return found;
}
