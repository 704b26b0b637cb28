// The WebGPU backend object: memory (pooled GPU buffers, async readback) and
// the kernel table.
import { type Backend, BackendError, type DataArray, type DataHandle, type DType, DTypeError } from '@dendrite/core';
import { acquireDevice, type WebGPUBackendOptions } from './device.js';
import type { WebGPUHandle } from './handle.js';
import { storageBytes } from './kernels/layout.js';
import { kernelTable } from './kernels/table.js';
import { GPURuntime } from './runtime.js';

function handleOf(h: DataHandle, op: string): WebGPUHandle {
  const handle = h as WebGPUHandle;
  if (!handle || typeof handle !== 'object' || !('buffer' in handle)) throw new BackendError(`webgpu ${op}: not a WebGPU handle`);
  if (handle.freed) throw new BackendError(`webgpu ${op}: buffer of ${handle.size} ${handle.dtype} was already freed`);
  return handle;
}

/**
 * Host data as the whole 32-bit words the GPU stores: bool bytes widen to
 * u32; an odd count of float16 halves gains a zero half (WebGPU writes whole words).
 */
function toWords(data: DataArray, dtype: DType): ArrayBufferView {
  if (dtype === 'bool') return Uint32Array.from(data as Uint8Array, (v) => (v !== 0 ? 1 : 0));
  if (dtype === 'float16' && data.length % 2 === 1) {
    const padded = new Uint16Array(data.length + 1);
    padded.set(data as Uint16Array);
    return padded;
  }
  return data;
}

/** `size` elements of `dtype` from the bytes read back (float16 as Uint16Array bit patterns). */
function fromWords(bytes: ArrayBuffer, dtype: DType, size: number): DataArray {
  if (dtype === 'float32') return new Float32Array(bytes, 0, size);
  if (dtype === 'float16') return new Uint16Array(bytes, 0, size);
  if (dtype === 'int32') return new Int32Array(bytes, 0, size);
  return Uint8Array.from(new Uint32Array(bytes, 0, size));
}

const HOST_TYPE: Record<DType, string> = { float32: 'Float32Array', float16: 'Uint16Array', int32: 'Int32Array', bool: 'Uint8Array' };

/**
 * Creates a WebGPU backend: `navigator.gpu` in browsers, the `webgpu` npm
 * package (Dawn) in Node. Rejects with a BackendError saying why WebGPU is
 * unavailable (no navigator.gpu, Dawn failed to load, no adapter, device
 * request failed).
 *
 * @example
 * ```ts runnable
 * import { createWebGPUBackend } from '@dendrite/backend-webgpu';
 * const backend = await createWebGPUBackend();
 * console.log(backend.capabilities.description); // the adapter
 * ```
 */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<Backend> {
  const { device, adapterDescription, hasF16, software } = await acquireDevice(options);
  const rt = new GPURuntime(device, options.dispatchesPerSubmit ?? 64);
  const maxBytes = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
  let liveBytes = 0;
  let liveBuffers = 0;
  let disposed = false;

  const dtypes: DType[] = hasF16 ? ['float32', 'float16', 'int32', 'bool'] : ['float32', 'int32', 'bool'];
  const halfNote = hasF16 ? ' (float16 through shader-f16)' : '';

  const backend: Backend = {
    name: 'webgpu',
    capabilities: { dtypes, syncRead: false, software, description: `WebGPU on ${adapterDescription}${halfNote}` },
    alloc(dtype: DType, size: number): DataHandle {
      if (disposed) throw new BackendError('webgpu alloc: the backend was disposed');
      if (!dtypes.includes(dtype)) {
        const why = dtype === 'float16' ? (options.float16 === false ? ' (float16 was turned off with float16: false)' : " (the adapter lacks 'shader-f16')") : '';
        throw new DTypeError(`webgpu alloc: unsupported dtype '${String(dtype)}'${why}`);
      }
      if (!Number.isInteger(size) || size < 0) throw new BackendError(`webgpu alloc: size must be a non-negative integer, got ${size}`);
      const bytes = storageBytes(dtype, size);
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
      // Halves are 2 bytes and the rest 4 (bool widens): mixing them up would write garbage.
      if ((handle.dtype === 'float16') !== data instanceof Uint16Array) {
        throw new DTypeError(`webgpu write: a ${handle.dtype} buffer takes a ${HOST_TYPE[handle.dtype]}, got a ${data.constructor.name}`);
      }
      if (handle.size === 0) return;
      rt.writeWords(handle.buffer, toWords(data, handle.dtype));
    },
    async read(h: DataHandle): Promise<DataArray> {
      const handle = handleOf(h, 'read');
      if (handle.size === 0) return fromWords(new ArrayBuffer(0), handle.dtype, 0);
      return fromWords(await rt.readBytes(handle.buffer, storageBytes(handle.dtype, handle.size)), handle.dtype, handle.size);
    },
    free(h: DataHandle): void {
      const handle = handleOf(h, 'free');
      handle.freed = true;
      liveBytes -= storageBytes(handle.dtype, handle.size);
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
