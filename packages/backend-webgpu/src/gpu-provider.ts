// Finds a GPU object: `navigator.gpu` in browsers, the `webgpu` npm package
// (Dawn) in Node. Dawn's instance is held in a module-level variable for the
// life of the process: if it were garbage-collected while a device lives,
// Dawn hangs or crashes.
import { BackendError } from '@dendrite/core';
import { withNativeStderrDiscarded } from './dawn-stderr.js';

type DawnModule = { create(flags: string[]): GPU };

/** The Dawn instance, kept strongly reachable on purpose (see above). */
let dawnInstance: GPU | undefined;

function browserGPU(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function nodeGPU(): Promise<GPU> {
  if (dawnInstance) return dawnInstance;
  let mod: DawnModule;
  try {
    // A variable specifier keeps bundlers from pulling the native addon into browser builds.
    const specifier = 'webgpu';
    mod = (await import(/* @vite-ignore */ specifier)) as DawnModule;
  } catch (err) {
    throw new BackendError(
      `webgpu: the 'webgpu' npm package (Dawn for Node) failed to load: ${(err as Error).message}. Install it with 'npm install webgpu' (it ships prebuilt binaries for linux/darwin/win32 x64 and arm64).`,
    );
  }
  dawnInstance = mod.create([]);
  return dawnInstance;
}

/** Whether Dawn has discovered its adapters (it does so inside its first requestAdapter()). */
let dawnDiscovered = false;

/**
 * `gpu.requestAdapter(options)`; on Dawn's first call, where adapter discovery
 * prints a limit-clamping warning from native code, with native stderr
 * discarded (see dawn-stderr.ts). Later calls reuse the discovered adapters.
 *
 * @example
 * ```ts
 * const adapter = await requestAdapter(await findGPU());
 * ```
 */
export function requestAdapter(gpu: GPU, options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> {
  if (gpu !== dawnInstance || dawnDiscovered) return gpu.requestAdapter(options);
  dawnDiscovered = true;
  return withNativeStderrDiscarded(() => gpu.requestAdapter(options));
}

/**
 * The platform's GPU entry point, or a BackendError saying why there is none.
 *
 * @example
 * ```ts
 * const gpu = await findGPU();
 * const adapter = await gpu.requestAdapter();
 * ```
 */
export async function findGPU(): Promise<GPU> {
  const gpu = browserGPU();
  if (gpu) return gpu;
  if (isNode()) return nodeGPU();
  throw new BackendError(
    'webgpu: navigator.gpu is missing: this browser has no WebGPU (or it is disabled; Chromium needs a secure context, and --enable-unsafe-webgpu on Linux)',
  );
}
