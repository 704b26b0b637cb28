import { type Backend, BackendError, type BackendMemory, type DataArray, type DataHandle, type DType, DTypeError, guardDisposed, ValueError, makeArray } from '@dendrite/core';
import { disposeScratch } from './kernels/matmul-scratch.js';
import { createKernelTable } from './kernels/table.js';
import type { WasmBuildChoice } from './loader.js';
import { createRuntime, type WasmBuffer, type WasmRuntimeControl } from './runtime.js';
import { threadCount, trackThreads } from './threads.js';
import { warmUp } from './warmup.js';

/** Options of `createWasmBackend`. */
export interface WasmBackendOptions {
  /** Threads including the main one; default: the last `setThreads` value, else all cores. */
  threads?: number;
  /** Kernel build; 'auto' (default) takes relaxed-simd where the engine supports it. */
  build?: WasmBuildChoice;
}

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

function view(rt: WasmRuntimeControl, b: WasmBuffer): DataArray {
  if (b.dtype === 'float32') return rt.f32(b.ptr, b.size);
  if (b.dtype === 'int32') return rt.i32(b.ptr, b.size);
  return rt.u8(b.ptr, b.size);
}

/**
 * Creates the WebAssembly backend: SIMD kernels compiled from AssemblyScript,
 * multi-threaded over one shared memory.
 *
 * @example
 * ```ts runnable
 * import { registerBackend } from '@dendrite/core';
 * import { createWasmBackend } from '@dendrite/backend-wasm';
 * registerBackend('wasm', () => createWasmBackend({ threads: 2 }), { priority: 10 });
 * ```
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<Backend> {
  const threads = options.threads ?? threadCount();
  if (!Number.isInteger(threads) || threads < 1) throw new ValueError(`createWasmBackend: 'threads' must be an integer ≥ 1, got ${threads}`);
  const rt = await createRuntime({ threads, build: options.build ?? 'auto' });
  const untrack = trackThreads(rt);
  let bytes = 0;
  let buffers = 0;
  let disposed = false;
  const kernels = guardDisposed('wasm', createKernelTable(rt), () => disposed);

  const buffer = (h: DataHandle, op: string): WasmBuffer => {
    const b = h as WasmBuffer;
    if (disposed) throw new BackendError(`wasm ${op}: the backend was disposed`);
    if (!b || typeof b.ptr !== 'number' || typeof b.size !== 'number') throw new ValueError(`wasm ${op}: not a wasm buffer handle`);
    return b;
  };

  const backend: Backend = {
    name: 'wasm',
    capabilities: {
      dtypes: DTYPES,
      syncRead: true,
      get description() {
        return `WebAssembly ${rt.build}, ${rt.threads} thread${rt.threads === 1 ? '' : 's'}`;
      },
    },
    alloc(dtype, size) {
      if (!DTYPES.includes(dtype)) throw new DTypeError(`wasm alloc: unsupported dtype ${JSON.stringify(dtype)}`);
      if (!Number.isInteger(size) || size < 0) throw new ValueError(`wasm alloc: 'size' must be a non-negative integer, got ${size}`);
      const nbytes = size * (dtype === 'bool' ? 1 : 4);
      const handle: WasmBuffer = { ptr: rt.malloc(nbytes), size, dtype, bytes: nbytes };
      bytes += nbytes;
      buffers++;
      return handle;
    },
    write(handle, data) {
      const b = buffer(handle, 'write');
      if (data.length !== b.size) throw new ValueError(`wasm write: data has ${data.length} elements, the buffer ${b.size} (${b.dtype})`);
      view(rt, b).set(data as never);
    },
    readSync(handle) {
      const b = buffer(handle, 'readSync');
      const out = makeArray(b.dtype, b.size);
      out.set(view(rt, b) as never);
      return out;
    },
    read(handle) {
      return Promise.resolve().then(() => backend.readSync!(handle));
    },
    free(handle) {
      const b = buffer(handle, 'free');
      rt.release(b.ptr);
      bytes -= b.bytes;
      buffers--;
    },
    memory(): BackendMemory {
      const s = rt.heap.stats();
      return { bytes, buffers, wasmBytes: s.wasmBytes, pooledBytes: s.pooledBytes };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      untrack();
      disposeScratch(rt);
      rt.dispose();
    },
    kernels,
  };
  warmUp(rt, kernels);
  return backend;
}
