import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Asks Dawn for the adapter in a child process: Dawn and the Vulkan loader write their diagnostics
 * (no drivers found, limits reduced) straight to stderr, and a user's one-line error must stay one
 * line. Prints the adapter's info as JSON, or null.
 */
const PROBE = `
import { create } from 'webgpu';
const gpu = create(['backend=vulkan']);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
const i = adapter?.info;
process.stdout.write(JSON.stringify(i ? { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter } : null));
`;

function probeAdapter(): DawnAdapterInfo | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: here, encoding: 'utf8', timeout: 60_000 });
  // No Vulkan loader (libvulkan.so.1), no binary for this platform, a driver that crashes: no adapter either way.
  if (result.status !== 0) return null;
  try {
    return JSON.parse(result.stdout) as DawnAdapterInfo | null;
  } catch {
    return null;
  }
}

let found: GpuAdapter | null | undefined;

/**
 * The adapter ORT's WebGPU provider runs on. ORT's Dawn does not report it, so Dawn's Node bindings
 * (the `webgpu` package) make the same request it makes (the Vulkan backend, high-performance) and
 * read the adapter's info. Both enumerate the same Vulkan drivers; where several are installed,
 * VK_ICD_FILENAMES narrows both to one. Null when there is no adapter at all. Asked once per process.
 */
export async function findWebGpuAdapter(): Promise<GpuAdapter | null> {
  if (found === undefined) {
    const info = probeAdapter();
    found = info ? describeAdapter(info) : null;
  }
  return found;
}
