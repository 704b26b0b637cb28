// The WebGPU backend object: memory (pooled GPU buffers, async readback) and
// the kernel table.
import { type Backend, BackendError, type DataArray, type DType, type DataHandle, DTypeError } from '@dendrite/core';
import { type WebGPUBackendOptions, acquireDevice } from './device.js';
import type { WebGPUHandle } from './handle.js';
import { kernelTable } from './kernels/table.js';
import { GPURuntime } from './runtime.js';

function handleOf(h: DataHandle, op: string): WebGPUHandle {
  const handle = h as WebGPUHandle;
  if (!handle || typeof handle !== 'object' || !('buffer' in handle)) throw new BackendError(`webgpu ${op}: not a WebGPU handle`);
  if (handle.freed) throw new BackendError(`webgpu ${op}: buffer of ${handle.size} ${handle.dtype} was already freed`);
  return handle;
}

/** Host data as the 32-bit words the GPU stores (bool bytes widen to u32). */
function toWords(data: DataArray, dtype: DType): ArrayBufferView {
  if (dtype === 'bool') return Uint32Array.from(data as Uint8Array, (v) => (v !== 0 ? 1 : 0));
  return data;
}

function fromWords(bytes: ArrayBuffer, dtype: DType): DataArray {
  if (dtype === 'float32') return new Float32Array(bytes);
  if (dtype === 'int32') return new Int32Array(bytes);
  return Uint8Array.from(new Uint32Array(bytes));
}

/**
 * Creates a WebGPU backend: `navigator.gpu` in browsers, the `webgpu` npm
 * package (Dawn) in Node. Rejects with a BackendError saying why WebGPU is
 * unavailable (no navigator.gpu, Dawn failed to load, no adapter, device
 * request failed).
 *
 * @example
 * ```ts
 * import { createWebGPUBackend } from '@dendrite/backend-webgpu';
 * const backend = await createWebGPUBackend();
 * console.log(backend.capabilities.description); // the adapter
 * ```
 */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<Backend> {
  const { device, adapterDescription } = await acquireDevice(options);
  const rt = new GPURuntime(device, options.dispatchesPerSubmit ?? 64);
  const maxBytes = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
  let liveBytes = 0;
  let liveBuffers = 0;
  let disposed = false;

  const backend: Backend = {
    name: 'webgpu',
    capabilities: { dtypes: ['float32', 'int32', 'bool'], syncRead: false, description: `WebGPU on ${adapterDescription}` },
    alloc(dtype: DType, size: number): DataHandle {
      if (disposed) throw new BackendError('webgpu alloc: the backend was disposed');
      if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') throw new DTypeError(`webgpu alloc: unsupported dtype '${String(dtype)}'`);
      if (!Number.isInteger(size) || size < 0) throw new BackendError(`webgpu alloc: size must be a non-negative integer, got ${size}`);
      const bytes = size * 4;
      if (bytes > maxBytes) {
        throw new BackendError(`webgpu alloc: ${size} ${dtype} elements (${bytes} bytes) exceed the adapter's largest storage buffer (${maxBytes} bytes)`);
      }
      rt.check('alloc');
      const handle: WebGPUHandle = { buffer: rt.pool.acquire(bytes), size, dtype, freed: false };
      liveBytes += bytes;
      liveBuffers++;
      return handle;
    },
    write(h: DataHandle, data: DataArray): void {
      const handle = handleOf(h, 'write');
      if (data.length !== handle.size) throw new BackendError(`webgpu write: data has ${data.length} elements but the buffer holds ${handle.size}`);
      if (handle.size === 0) return;
      rt.writeWords(handle.buffer, toWords(data, handle.dtype));
    },
    async read(h: DataHandle): Promise<DataArray> {
      const handle = handleOf(h, 'read');
      if (handle.size === 0) return fromWords(new ArrayBuffer(0), handle.dtype);
      return fromWords(await rt.readBytes(handle.buffer, handle.size * 4), handle.dtype);
    },
    free(h: DataHandle): void {
      const handle = handleOf(h, 'free');
      handle.freed = true;
      liveBytes -= handle.size * 4;
      liveBuffers--;
      if (!disposed) rt.pool.release(handle.buffer);
    },
    memory() {
      return { bytes: liveBytes, buffers: liveBuffers, pooledBytes: rt.pool.idleBytes, reservedBytes: rt.pool.liveBytes };
    },
    sync: () => rt.sync(),
    dispose(): void {
      if (disposed) return;
      disposed = true;
      rt.destroy();
    },
    kernels: kernelTable(rt),
  };
  return backend;
}

export type { WebGPUBackendOptions };
