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

/**
 * Writes int32 `fields` into a small descriptor block placed after `bytes`
 * bytes of scratch, and returns [scratch pointer, descriptor pointer].
 *
 * @example
 * ```ts
 * const [work, geom] = scratchWithDescriptor(rt, rt.threads * perThread, [n, c, h, w]);
 * ```
 */
export function scratchWithDescriptor(rt: WasmRuntime, bytes: number, fields: readonly number[]): [number, number] {
  const head = Math.ceil(bytes / 64) * 64;
  const ptr = scratch(rt, head + fields.length * 4);
  rt.i32(ptr + head, fields.length).set(fields);
  return [ptr, ptr + head];
}
