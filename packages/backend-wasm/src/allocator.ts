import { BackendError, ValueError } from '@dendrite/core';

/** Every block starts on a cache line and spans whole cache lines, so vector loops may round up to 16 bytes. */
export const ALIGN = 64;
const PAGE = 65536;

/**
 * The size class of a request: multiples of 64 bytes up to 1 KiB, then four
 * classes per power of two (at most 25% slack), so freed blocks are reused
 * by similar-sized requests.
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (b <= 1024) return b;
  const quarter = 2 ** (Math.floor(Math.log2(b)) - 2);
  return Math.ceil(b / quarter) * quarter;
}

/** Allocator statistics. */
export interface AllocatorStats {
  /** Bytes requested by live blocks. */
  bytes: number;
  /** Live blocks. */
  blocks: number;
  /** Bytes of freed blocks kept for reuse. */
  pooledBytes: number;
  /** Size of the wasm memory. */
  wasmBytes: number;
}

/**
 * A size-class allocator over a (shared) `WebAssembly.Memory`: freed blocks
 * go to a free list per class and are handed out again before the heap top
 * moves; the memory grows when the top reaches its end.
 *
 * @example
 * ```ts
 * const heap = new Allocator(new WebAssembly.Memory({ initial: 1, maximum: 100, shared: true }), 1024);
 * const p = heap.malloc(100);
 * heap.release(p);
 * ```
 */
export class Allocator {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** Live blocks: pointer → [class size, requested bytes]. */
  private readonly live = new Map<number, [number, number]>();
  private requested = 0;
  private pooled = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    /** First usable byte (memory below it is reserved). */
    base: number,
    /** Largest memory size in bytes (the module's declared maximum). */
    private readonly maxBytes = 65536 * PAGE,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A 64-byte aligned block of at least `bytes` bytes (contents undefined). */
  malloc(bytes: number): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new ValueError(`wasm malloc: 'bytes' must be a non-negative number, got ${bytes}`);
    const cls = sizeClass(bytes);
    const list = this.free.get(cls);
    let ptr = list?.pop();
    if (ptr !== undefined) this.pooled -= cls;
    else ptr = this.bump(cls);
    this.live.set(ptr, [cls, bytes]);
    this.requested += bytes;
    return ptr;
  }

  /** Returns a block to its free list. */
  release(ptr: number): void {
    const entry = this.live.get(ptr);
    if (!entry) throw new ValueError(`wasm release: pointer ${ptr} is not a live block (double free?)`);
    this.live.delete(ptr);
    const [cls, bytes] = entry;
    this.requested -= bytes;
    this.pooled += cls;
    let list = this.free.get(cls);
    if (!list) this.free.set(cls, (list = []));
    list.push(ptr);
  }

  /** Current statistics. */
  stats(): AllocatorStats {
    return { bytes: this.requested, blocks: this.live.size, pooledBytes: this.pooled, wasmBytes: this.memory.buffer.byteLength };
  }

  private bump(cls: number): number {
    const ptr = this.top;
    const end = ptr + cls;
    if (end > this.maxBytes) {
      throw new BackendError(`wasm malloc: out of memory: ${cls} more bytes requested with ${this.requested} bytes live and ${this.pooled} pooled; wasm memory is limited to ${this.maxBytes} bytes`);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow at least 1/8 of the current size so that a growing workload grows rarely.
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil(have / PAGE / 8)), this.maxBytes / PAGE - have / PAGE);
      this.memory.grow(pages);
    }
    this.top = end;
    return ptr;
  }
}
