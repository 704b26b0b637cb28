// Reuses GPU buffers by size class: creating buffers is slow, and training
// loops allocate the same sizes every step. A size class hands out its
// lowest-numbered free buffer, so a loop that allocates alike every step gets
// the same buffers every step (and the runtime reuses their bind groups).
import { BufferUsage } from './gpu-flags.js';

const MIN_BYTES = 16;

const ids = new WeakMap<GPUBuffer, number>();
let nextId = 0;

/**
 * A buffer's serial number, given on first ask and never reused (so a key
 * built from ids never matches a buffer created after another was destroyed).
 *
 * @example
 * ```ts
 * bufferId(a) === bufferId(a); // true
 * ```
 */
export function bufferId(buffer: GPUBuffer): number {
  let id = ids.get(buffer);
  if (id === undefined) {
    id = nextId++;
    ids.set(buffer, id);
  }
  return id;
}

/**
 * The size class of a request: the next power of two up to 1 MiB, then the
 * next multiple of 1/8 of a power of two (at most 12.5% waste).
 *
 * @example
 * ```ts
 * sizeClass(100); // 128
 * ```
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(MIN_BYTES, bytes);
  const pow = 2 ** Math.ceil(Math.log2(b));
  if (pow <= 1 << 20) return pow;
  const step = pow / 16;
  return Math.ceil(b / step) * step;
}

/**
 * A pool of storage buffers (STORAGE | COPY_SRC | COPY_DST) keyed by size class.
 *
 * @example
 * ```ts
 * const pool = new BufferPool(device, 256 << 20);
 * const buf = pool.acquire(400);
 * pool.release(buf);
 * ```
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pooledBytes = 0;
  /** Bytes in buffers handed out and not yet released. */
  liveBytes = 0;
  liveBuffers = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxPooledBytes: number,
    private readonly usage: number = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
    /** Destroys a buffer the pool has no room for (the runtime defers this while unsubmitted commands use it). */
    private readonly retire: (buffer: GPUBuffer) => void = (buffer) => buffer.destroy(),
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const reused = list?.pop();
    this.liveBytes += size;
    this.liveBuffers++;
    if (reused) {
      this.pooledBytes -= size;
      return reused;
    }
    const buffer = this.device.createBuffer({ size, usage: this.usage });
    bufferId(buffer);
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    this.liveBytes -= buffer.size;
    this.liveBuffers--;
    if (this.pooledBytes + buffer.size > this.maxPooledBytes) {
      this.retire(buffer);
      return;
    }
    let list = this.free.get(buffer.size);
    if (!list) {
      list = [];
      this.free.set(buffer.size, list);
    }
    // Kept in descending id order, so pop() gives the lowest id (lists are short: one per live tensor of the size).
    const id = bufferId(buffer);
    let i = list.length;
    while (i > 0 && bufferId(list[i - 1] as GPUBuffer) < id) i--;
    list.splice(i, 0, buffer);
    this.pooledBytes += buffer.size;
  }

  /** Bytes idle in the pool. */
  get idleBytes(): number {
    return this.pooledBytes;
  }

  destroy(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooledBytes = 0;
  }
}
