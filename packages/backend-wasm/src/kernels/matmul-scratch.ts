import type { WasmRuntime } from '../runtime.js';

// One scratch area per runtime for the GEMM-based kernels (packed panels,
// patch-matrix bands, descriptors): grown when a call needs more, reused by
// every later call (kernels run one at a time), freed by disposeScratch.

const areas = new WeakMap<WasmRuntime, { ptr: number; bytes: number }>();

/**
 * A pointer to at least `bytes` bytes of scratch owned by the runtime. The
 * contents are undefined and only valid until the next call.
 *
 * @example
 * ```ts
 * const p = scratch(rt, rt.threads * 65536);
 * ```
 */
export function scratch(rt: WasmRuntime, bytes: number): number {
  let area = areas.get(rt);
  if (!area || area.bytes < bytes) {
    if (area) rt.release(area.ptr);
    // Grow by at least 1.5× so a slowly growing sequence of calls does not reallocate each time.
    const size = Math.max(bytes, area ? Math.ceil(area.bytes * 1.5) : 0);
    area = { ptr: rt.malloc(size), bytes: size };
    areas.set(rt, area);
  }
  return area.ptr;
}

/**
 * Frees the runtime's scratch area (the backend calls it on dispose; a later
 * kernel call allocates a new one).
 *
 * @example
 * ```ts
 * disposeScratch(rt);
 * ```
 */
export function disposeScratch(rt: WasmRuntime): void {
  const area = areas.get(rt);
  if (area) rt.release(area.ptr);
  areas.delete(rt);
}

/** Where one GEMM-based call's pieces lie in the runtime's scratch area. */
export interface CallScratch {
  /** An int32 set to 0: threads claim work items from it with an atomic add. */
  counter: number;
  /** Start of the threads' own areas (thread t at threads + t·bytesPerThread). */
  threads: number;
  /** The int32 `fields` written for the kernel (geometry, offset tables). */
  descriptor: number;
}

/**
 * Lays out the scratch of one call: a zeroed work counter, `threadBytes` for
 * the threads' own areas, then int32 `fields`.
 *
 * @example
 * ```ts
 * const { counter, threads, descriptor } = callScratch(rt, rt.threads * perThread, [n, c, h, w]);
 * ```
 */
export function callScratch(rt: WasmRuntime, threadBytes: number, fields: ArrayLike<number>): CallScratch {
  const head = 64 + Math.ceil(threadBytes / 64) * 64;
  const ptr = scratch(rt, head + fields.length * 4);
  rt.i32(ptr, 1)[0] = 0;
  rt.i32(ptr + head, fields.length).set(fields);
  return { counter: ptr, threads: ptr + 64, descriptor: ptr + head };
}
