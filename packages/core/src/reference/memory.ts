// Buffers of the reference backend: plain typed arrays behind a handle object,
// with live-buffer accounting so leak tests can check memory returns to zero.
import type { DataHandle, TensorInfo } from '../backend/contract.js';
import { bytesPerElement, type DataArray, type DType, dtypeOfArray, makeArray } from '../dtype.js';
import { BackendError, DTypeError, ShapeError, ValueError } from '../errors.js';
import { decodeHalf, encodeHalf } from '../half.js';
import { fmtShape, sizeOf } from '../shape.js';

/**
 * A reference-backend buffer: the typed array that stores it and whether it was freed.
 * float16 buffers hold their values in a Float32Array (every half is exactly a
 * float32) so the float kernels serve them unchanged; the table rounds their
 * outputs to half after each kernel (see `withHalfRounding`).
 *
 * @example
 * ```ts
 * const buf = bufferOf(handle, 'read', 'handle'); // a RefBuffer
 * ```
 */
export interface RefBuffer {
  readonly dtype: DType;
  readonly data: DataArray;
  freed: boolean;
}

/**
 * Live-buffer statistics, updated by `alloc` and `free`.
 *
 * @example
 * ```ts
 * const stats: RefMemoryStats = { bytes: 0, buffers: 0 };
 * ```
 */
export interface RefMemoryStats {
  bytes: number;
  buffers: number;
}

function isRefBuffer(h: DataHandle): h is RefBuffer {
  return typeof h === 'object' && h !== null && 'data' in h && 'freed' in h && 'dtype' in h;
}

/**
 * The live buffer behind a handle, or a `BackendError` naming `op` and `arg`
 * when the handle is foreign or already freed.
 *
 * @example
 * ```ts
 * const buf = bufferOf(handle, 'read', 'handle');
 * ```
 */
export function bufferOf(h: DataHandle, op: string, arg: string): RefBuffer {
  if (!isRefBuffer(h)) throw new BackendError(`reference.${op}: argument '${arg}' is not a buffer of the reference backend`);
  if (h.freed) throw new BackendError(`reference.${op}: argument '${arg}' was already freed`);
  return h;
}

/**
 * The typed array of a kernel argument, checked against its declared shape and dtype,
 * so a wrong call fails loudly instead of reading past the data.
 *
 * @example
 * ```ts
 * const xs = dataOf(x, 'unary', 'x') as Float32Array;
 * ```
 */
export function dataOf(info: TensorInfo, op: string, arg: string): DataArray {
  const buf = bufferOf(info.handle, op, arg);
  if (buf.dtype !== info.dtype) {
    throw new DTypeError(`reference.${op}: argument '${arg}' is declared ${info.dtype} but its buffer holds ${buf.dtype}`);
  }
  const size = sizeOf(info.shape);
  if (buf.data.length !== size) {
    throw new ShapeError(`reference.${op}: argument '${arg}' has shape ${fmtShape(info.shape)} (${size} elements) but its buffer holds ${buf.data.length}`);
  }
  return buf.data;
}

/**
 * A new zero-filled buffer for `size` elements of `dtype`.
 *
 * @example
 * ```ts
 * const h = allocBuffer(stats, 'float32', 6);
 * ```
 */
export function allocBuffer(stats: RefMemoryStats, dtype: DType, size: number): RefBuffer {
  if (!Number.isInteger(size) || size < 0) throw new ValueError(`reference.alloc: argument 'size' must be a non-negative integer, got ${size}`);
  const data = dtype === 'float16' ? new Float32Array(size) : makeArray(dtype, size);
  const buf: RefBuffer = { dtype, data, freed: false };
  stats.bytes += size * bytesPerElement(dtype);
  stats.buffers += 1;
  return buf;
}

/**
 * Copies host data into a buffer; the data must have the buffer's dtype and length.
 *
 * @example
 * ```ts
 * writeBuffer(h, new Float32Array([1, 2, 3]));
 * ```
 */
export function writeBuffer(h: DataHandle, data: DataArray): void {
  const buf = bufferOf(h, 'write', 'handle');
  if (dtypeOfArray(data) !== buf.dtype) throw new DTypeError(`reference.write: buffer holds ${buf.dtype} but the data is ${dtypeOfArray(data)}`);
  if (data.length !== buf.data.length) {
    throw new ShapeError(`reference.write: buffer holds ${buf.data.length} elements but the data has ${data.length}`);
  }
  buf.data.set(buf.dtype === 'float16' ? decodeHalf(data as Uint16Array) : data);
}

/**
 * A host copy of a buffer (a copy, so later kernels cannot change what a caller holds).
 *
 * @example
 * ```ts
 * const values = readBuffer(h);
 * ```
 */
export function readBuffer(h: DataHandle): DataArray {
  const buf = bufferOf(h, 'read', 'handle');
  return buf.dtype === 'float16' ? encodeHalf(buf.data) : buf.data.slice();
}

/**
 * Releases a buffer; freeing twice is a `BackendError`.
 *
 * @example
 * ```ts
 * freeBuffer(stats, h);
 * ```
 */
export function freeBuffer(stats: RefMemoryStats, h: DataHandle): void {
  const buf = bufferOf(h, 'free', 'handle');
  buf.freed = true;
  stats.bytes -= buf.data.length * bytesPerElement(buf.dtype);
  stats.buffers -= 1;
}
