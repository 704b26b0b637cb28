import { BackendError, type DType } from '@dendrite/core';
import { Allocator } from './allocator.js';
import { compileBuild, pickBuild, type WasmBuild, type WasmBuildChoice, wasmBytes } from './loader.js';
import { threadsUnavailableReason } from './platform.js';
import { unsharedMemoryVariant } from './unshared.js';
import { WorkerPool } from './worker-pool.js';

/**
 * A buffer in wasm memory: the DataHandle of the wasm backend (what
 * `t.info().handle` is for a tensor on 'wasm').
 *
 * @example
 * ```ts runnable
 * import { setBackend, tensor } from '@dendrite/core';
 * import '@dendrite/backend-wasm';
 * import type { WasmBuffer } from '@dendrite/backend-wasm';
 * await setBackend('wasm');
 * const buf = tensor([1, 2, 3, 4]).info().handle as WasmBuffer;
 * console.log(buf.size, buf.dtype, buf.bytes); // 4 'float32' 16
 * ```
 */
export interface WasmBuffer {
  /** Byte offset of the buffer in the shared memory. */
  ptr: number;
  /** Number of elements. */
  size: number;
  /** Element type. */
  dtype: DType;
  /** Bytes the elements occupy. */
  bytes: number;
}

/**
 * The kernel runtime: the module's exports, the shared memory, an allocator
 * and the thread pool. Kernel wrappers in src/kernels/ are written against it.
 * Internal to the package (not exported: users reach kernels through the
 * backend), so its examples are fragments for maintainers.
 *
 * @internal
 * @example
 * ```ts
 * const rt = await createRuntime({ threads: 2 });
 * const p = rt.malloc(1024);
 * rt.parallel('fill', [p, 256, 4, 0x3f800000]);
 * rt.release(p);
 * ```
 */
export interface WasmRuntime {
  /** The main thread's instance exports. */
  readonly exports: Record<string, (...args: number[]) => number | void>;
  /** The memory: shared where threads can run, else an ordinary one (single-threaded). */
  readonly memory: WebAssembly.Memory;
  /** Which kernel build was loaded ('simd128' or 'relaxed-simd'). */
  readonly build: WasmBuild;
  /** Current thread count (main + workers). */
  readonly threads: number;
  /** Fresh views (memory may have grown since the last one). */
  f32(ptr: number, len: number): Float32Array;
  /** A fresh Int32Array view of `len` elements at byte offset `ptr`. */
  i32(ptr: number, len: number): Int32Array;
  /** A fresh Uint8Array view of `len` bytes at byte offset `ptr`. */
  u8(ptr: number, len: number): Uint8Array;
  /** A 64-byte aligned block of at least `bytes` bytes; grows memory when needed. */
  malloc(bytes: number): number;
  /** Returns a block from `malloc` to the allocator. */
  release(ptr: number): void;
  /**
   * Runs `exports[name](...args, tid, nthreads)` on every thread (tid 0 = main
   * thread) and returns when all have finished. Each kernel partitions its
   * own work by tid/nthreads. With 1 thread it just calls the main export.
   */
  parallel(name: string, args: number[]): void;
}

/** Options of `createRuntime`. */
export interface RuntimeOptions {
  /** Threads including the main one (default 1). */
  threads?: number;
  build?: WasmBuildChoice;
}

/** The runtime plus what only the backend needs: statistics, resizing, teardown. */
export interface WasmRuntimeControl extends WasmRuntime {
  readonly heap: Allocator;
  setThreads(n: number): Promise<void>;
  dispose(): void;
}

/** Bytes at the bottom of memory left to the module (it has no data, but its runtime stub points there). */
const RESERVED = 65536;
/** Shared memory needs a maximum; this matches the module's declared 4 GiB. */
const MAX_PAGES = 65536;

/**
 * Internal (the package's tests and `createWasmBackend` call it; users call
 * `createWasmBackend`): loads the kernel module on a new shared memory and
 * starts the workers.
 * Where threads cannot run (no SharedArrayBuffer: a browser page without
 * COOP/COEP headers) it loads the module on an ordinary memory and stays on
 * one thread, saying so once.
 *
 * @example
 * ```ts
 * const rt = await createRuntime({ build: 'simd128', threads: 1 });
 * console.log(rt.build); // 'simd128'
 * rt.dispose();
 * ```
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<WasmRuntimeControl> {
  const build = pickBuild(options.build ?? 'auto');
  const noThreads = threadsUnavailableReason();
  const shared = noThreads === null;
  const module = shared ? await compileBuild(build) : await WebAssembly.compile(unsharedMemoryVariant(wasmBytes(build)));
  const memory = new WebAssembly.Memory({ initial: RESERVED / 65536 + 16, maximum: MAX_PAGES, shared });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as Record<string, (...args: number[]) => number | void>;
  const names = Object.keys(exports).filter((k) => typeof exports[k] === 'function');
  const index = new Map(names.map((n, i) => [n, i]));
  const heap = new Allocator(memory, RESERVED, MAX_PAGES * 65536);
  const pool = new WorkerPool(module, memory, names);
  let disposed = false;

  const rt: WasmRuntimeControl = {
    exports,
    memory,
    build,
    heap,
    get threads() {
      return pool.threads;
    },
    f32: (ptr, len) => new Float32Array(memory.buffer, ptr, len),
    i32: (ptr, len) => new Int32Array(memory.buffer, ptr, len),
    u8: (ptr, len) => new Uint8Array(memory.buffer, ptr, len),
    malloc: (bytes) => heap.malloc(bytes),
    release: (ptr) => heap.release(ptr),
    parallel(name, args) {
      const fn = exports[name];
      const id = index.get(name);
      if (!fn || id === undefined) throw new BackendError(`wasm parallel: the module has no kernel '${name}'`);
      if (disposed) throw new BackendError(`wasm parallel: kernel '${name}' called after the backend was disposed`);
      if (pool.threads === 1) {
        fn(...args, 0, 1);
        return;
      }
      pool.run(id, args, (tid, nth) => fn(...args, tid, nth));
    },
    setThreads: (n) => pool.resize(shared ? n : singleThreaded(n, noThreads)),
    dispose() {
      disposed = true;
      pool.dispose();
    },
  };
  await pool.resize(shared ? (options.threads ?? 1) : singleThreaded(options.threads ?? 1, noThreads));
  return rt;
}

let singleThreadNoted = false;

/** 1, after saying once why more threads cannot run here. */
function singleThreaded(requested: number, reason: string | null): number {
  if (!singleThreadNoted) {
    singleThreadNoted = true;
    console.warn(
      `dendrite wasm: running single-threaded${requested > 1 ? ` (${requested} threads requested)` : ''}: ${reason}. Threads need shared memory: serve the page with 'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'.`,
    );
  }
  return 1;
}
