// The CUDA backend object: device buffers from the native caching allocator,
// kernels enqueued on one stream, synchronous and asynchronous readback.
import { type Backend, BackendError, type BackendMemory, type DataArray, type DType, DTypeError, guardDisposed, makeArray, ValueError } from '@dendrite/core';
import { checkCuda } from './availability.js';
import { asBackendError, bufferOf, type CudaBuffer } from './handle.js';
import { createKernelTable } from './kernels/table.js';
import { loadAddon } from './native.js';

/**
 * Options of `createCudaBackend`.
 *
 * @example
 * ```ts
 * const options: CudaBackendOptions = { device: 0, tf32: false };
 * ```
 */
export interface CudaBackendOptions {
  /** CUDA device index (default 0). */
  device?: number;
  /**
   * Let matmul and the convolutions use TF32 tensor cores (default false):
   * several times faster on Ampere and Hopper, with ~1e-3 relative error
   * instead of float32's ~1e-7. `DENDRITE_CUDA_TF32=1` turns it on too.
   */
  tf32?: boolean;
}

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

function typedView(dtype: DType, buffer: ArrayBuffer): DataArray {
  if (dtype === 'float32') return new Float32Array(buffer);
  if (dtype === 'int32') return new Int32Array(buffer);
  return new Uint8Array(buffer);
}

/**
 * Creates the CUDA backend on one device. Rejects with a BackendError
 * carrying the reason where CUDA cannot run (addon not built, no driver, no
 * device, compute capability below 8.0).
 *
 * @example
 * ```ts runnable
 * import { registerBackend } from '@dendrite/core';
 * import { createCudaBackend } from '@dendrite/backend-cuda';
 * registerBackend('cuda', () => createCudaBackend({ device: 0 }), { priority: 30 });
 * ```
 */
export async function createCudaBackend(options: CudaBackendOptions = {}): Promise<Backend> {
  const device = options.device ?? 0;
  if (!Number.isInteger(device) || device < 0) throw new ValueError(`createCudaBackend: 'device' must be a non-negative integer, got ${device}`);
  const status = checkCuda();
  if (!status.available) throw new BackendError(`cuda: ${status.reason}`);
  if (device >= status.devices.length) throw new ValueError(`createCudaBackend: device ${device} does not exist (${status.devices.length} CUDA device(s) found)`);
  const { addon } = loadAddon();
  const tf32 = options.tf32 ?? process.env.DENDRITE_CUDA_TF32 === '1';
  let ctx: InstanceType<NonNullable<typeof addon>['CudaContext']>;
  try {
    ctx = new addon!.CudaContext(device, tf32);
  } catch (err) {
    throw asBackendError('createCudaBackend', err);
  }
  const info = status.devices[device];
  let bytes = 0;
  let buffers = 0;
  let disposed = false;
  const kernels = guardDisposed('cuda', createKernelTable(ctx), () => disposed);

  const live = (handle: unknown, op: string): CudaBuffer => {
    if (disposed) throw new BackendError(`cuda ${op}: the backend was disposed`);
    return bufferOf(handle, op);
  };
  const native = <T>(op: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw asBackendError(op, err);
    }
  };

  const backend: Backend = {
    name: 'cuda',
    capabilities: {
      dtypes: DTYPES,
      syncRead: true,
      description: `CUDA ${info.name} (compute ${info.major}.${info.minor}, ${(info.totalMemory / 2 ** 30).toFixed(0)} GiB)${tf32 ? ', TF32 matmul' : ''}`,
    },
    alloc(dtype, size) {
      if (disposed) throw new BackendError('cuda alloc: the backend was disposed');
      if (!DTYPES.includes(dtype)) throw new DTypeError(`cuda alloc: unsupported dtype ${JSON.stringify(dtype)}`);
      if (!Number.isInteger(size) || size < 0) throw new ValueError(`cuda alloc: 'size' must be a non-negative integer, got ${size}`);
      const nbytes = size * (dtype === 'bool' ? 1 : 4);
      const ptr = nbytes === 0 ? 0 : native('alloc', () => ctx.alloc(nbytes));
      bytes += nbytes;
      buffers++;
      const handle: CudaBuffer = { ptr, size, dtype, bytes: nbytes, freed: false };
      return handle;
    },
    write(handle, data) {
      const b = live(handle, 'write');
      if (data.length !== b.size) throw new ValueError(`cuda write: data has ${data.length} elements, the buffer ${b.size} (${b.dtype})`);
      if (b.bytes > 0) native('write', () => ctx.write(b.ptr, data));
    },
    readSync(handle) {
      const b = live(handle, 'readSync');
      const out = makeArray(b.dtype, b.size);
      if (b.bytes > 0) native('readSync', () => ctx.readSync(b.ptr, out));
      return out;
    },
    async read(handle) {
      const b = live(handle, 'read');
      if (b.bytes === 0) return makeArray(b.dtype, 0);
      // The copy is enqueued now, so a later free() and reuse of the block cannot race it.
      const pending = native('read', () => ctx.read(b.ptr, b.bytes));
      try {
        return typedView(b.dtype, await pending);
      } catch (err) {
        throw asBackendError('read', err);
      }
    },
    free(handle) {
      const b = bufferOf(handle, 'free');
      b.freed = true;
      bytes -= b.bytes;
      buffers--;
      if (!disposed && b.ptr !== 0) native('free', () => ctx.free(b.ptr));
    },
    memory(): BackendMemory {
      const m = disposed ? null : ctx.memory();
      return { bytes, buffers, cachedBytes: m?.cachedBytes ?? 0, reservedBytes: m ? m.liveBytes + m.cachedBytes : 0, cudaMallocCalls: m?.cudaMallocCalls ?? 0 };
    },
    async sync() {
      if (disposed) return;
      try {
        await ctx.sync();
      } catch (err) {
        throw asBackendError('sync', err);
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      native('dispose', () => ctx.dispose());
    },
    kernels,
  };
  return backend;
}
