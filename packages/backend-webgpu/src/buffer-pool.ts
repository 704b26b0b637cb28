// Reuses GPU buffers by size class: creating buffers is slow, and training
// loops allocate the same sizes every step.
import { BufferUsage } from './gpu-flags.js';

const MIN_BYTES = 16;

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
    return this.device.createBuffer({ size, usage: this.usage });
  }

  release(buffer: GPUBuffer): void {
    this.liveBytes -= buffer.size;
    this.liveBuffers--;
    if (this.pooledBytes + buffer.size > this.maxPooledBytes) {
      buffer.destroy();
      return;
    }
    let list = this.free.get(buffer.size);
    if (!list) {
      list = [];
      this.free.set(buffer.size, list);
    }
    list.push(buffer);
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
