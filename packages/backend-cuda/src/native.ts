// The native addon's interface (native/addon.cc) and its loading. Loading
// never throws: a missing or broken addon becomes a reason string that
// `checkCuda()` and `createCudaBackend()` report.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DType } from '@dendrite/core';

/** One CUDA device as the driver describes it. */
export interface NativeDevice {
  /** Device name as the driver reports it. */
  name: string;
  /** Compute capability, major part (8 for Ampere, 9 for Hopper). */
  major: number;
  /** Compute capability, minor part. */
  minor: number;
  /** Device memory in bytes. */
  totalMemory: number;
  /** Number of streaming multiprocessors. */
  multiprocessors: number;
}

/** The addon's answer to "can CUDA run here?". */
export interface NativeProbe {
  available: boolean;
  /** Empty when available. */
  reason: string;
  /** CUDA versions as 1000·major + 10·minor (0 when unknown). */
  driverVersion: number;
  runtimeVersion: number;
  devices: NativeDevice[];
}

/** Allocator statistics of one context. */
export interface NativeMemory {
  liveBytes: number;
  liveBlocks: number;
  cachedBytes: number;
  cachedBlocks: number;
  cudaMallocCalls: number;
  pinnedBytes: number;
}

/** One backend's device state: a stream, a caching allocator and the launch entry. */
export interface NativeContext {
  alloc(bytes: number): number;
  free(ptr: number): void;
  write(ptr: number, data: ArrayBufferView): void;
  readSync(ptr: number, destination: ArrayBufferView): void;
  read(ptr: number, bytes: number): Promise<ArrayBuffer>;
  launch(code: number, params: Float64Array): void;
  sync(): Promise<void>;
  memory(): NativeMemory;
  setTf32(on: boolean): void;
  emptyCache(): void;
  dispose(): void;
}

/** Host calls into the __host__ __device__ code the kernels run (for tests without a GPU). */
export interface NativeSelfTest {
  philox(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): number[];
  random(kind: number, key0: number, key1: number, offset: number, index: number, a: number, b: number): number;
  unary(op: number, dtype: number, x: number, alpha: number): number;
  binary(op: number, dtype: number, a: number, b: number): number;
  cast(from: number, to: number, x: number): number;
  roundSize(bytes: number): number;
}

/** What `build/Release/dendrite_cuda.node` exports. */
export interface NativeAddon {
  probe(): NativeProbe;
  buildInfo: { cudaVersion: number; architectures: string };
  selfTest: NativeSelfTest;
  CudaContext: new (device: number, tf32: boolean) => NativeContext;
}

/**
 * dtype codes of native/common.h. float16 has none: this backend does not
 * declare it and `alloc` rejects it, so no kernel can receive a float16 tensor.
 */
export const DTYPE_CODES: Readonly<Record<DType, number>> = { float32: 0, int32: 1, bool: 2, float16: -1 };

/** Launch codes of native/launchers.h (same order). */
export const LAUNCH = {
  fill: 0,
  unary: 1,
  binary: 2,
  where: 3,
  cast: 4,
  reduce: 5,
  argReduce: 6,
  stridedCopy: 7,
  gather: 8,
  scatterAdd: 9,
  matmul: 10,
  random: 11,
  conv2d: 12,
  conv2dBackpropInput: 13,
  conv2dBackpropFilter: 14,
  maxPool2d: 15,
  maxPool2dBackward: 16,
  avgPool2d: 17,
  avgPool2dBackward: 18,
  softmax: 19,
  batchNorm: 20,
  layerNorm: 21,
  gridSample: 22,
} as const;

// src/native.ts and dist/index.* both sit one level below the package root.
const moduleDir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));

/**
 * Where the addon is loaded from: `DENDRITE_CUDA_ADDON` when set (an addon
 * built elsewhere), else the package's `build/Release/dendrite_cuda.node`.
 *
 * @example
 * ```ts runnable
 * import { addonPath } from '@dendrite/backend-cuda';
 * console.log(addonPath());
 * ```
 */
export function addonPath(): string {
  return process.env.DENDRITE_CUDA_ADDON || join(moduleDir, '..', 'build', 'Release', 'dendrite_cuda.node');
}

type Loaded = { addon: NativeAddon; reason?: undefined } | { addon?: undefined; reason: string };
let loaded: Loaded | undefined;

/** The addon, or why it cannot be used; loaded once per process. */
export function loadAddon(): Loaded {
  if (loaded) return loaded;
  const path = addonPath();
  if ((process.env.DENDRITE_CUDA ?? '').toLowerCase() === 'off') {
    loaded = { reason: 'disabled by DENDRITE_CUDA=off' };
  } else if (!existsSync(path)) {
    loaded = {
      reason: `the native addon is not built (${path} is missing): install a CUDA toolkit (nvcc ≥ 11.8) and run \`npm run build:addon -w @dendrite/backend-cuda\``,
    };
  } else {
    try {
      loaded = { addon: createRequire(join(moduleDir, 'package.json'))(path) as NativeAddon };
    } catch (err) {
      loaded = { reason: `the native addon at ${path} failed to load: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return loaded;
}

/** Forgets the loaded addon (tests switch DENDRITE_CUDA_ADDON between cases). */
export function resetAddonForTests(): void {
  loaded = undefined;
}
