import { type DataArray, type DType, type TensorInfo, makeArray, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntimeControl } from '../src/runtime.js';

/** Deterministic pseudo-random floats in [lo, hi) (a small LCG: tests must not depend on Math.random). */
export function randomData(n: number, seed: number, lo = -3, hi = 3): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return out;
}

/** Tensors in a runtime's memory, freed together by `releaseAll`. */
export class Tensors {
  private readonly ptrs: number[] = [];
  constructor(private readonly rt: WasmRuntimeControl) {}

  put(dtype: DType, shape: number[], data?: ArrayLike<number>): TensorInfo {
    const size = sizeOf(shape);
    const bytes = size * (dtype === 'bool' ? 1 : 4);
    const ptr = this.rt.malloc(bytes);
    this.ptrs.push(ptr);
    const handle: WasmBuffer = { ptr, size, dtype, bytes };
    const t: TensorInfo = { handle, shape, dtype };
    // Poison the output the way the conformance kit does, so unwritten elements show.
    this.view(t).fill(dtype === 'float32' ? Number.NaN : 77);
    if (data) this.view(t).set(data as never);
    return t;
  }

  get(t: TensorInfo): DataArray {
    const out = makeArray(t.dtype, (t.handle as WasmBuffer).size);
    out.set(this.view(t) as never);
    return out;
  }

  releaseAll(): void {
    for (const p of this.ptrs.splice(0)) this.rt.release(p);
  }

  private view(t: TensorInfo): DataArray {
    const b = t.handle as WasmBuffer;
    if (t.dtype === 'float32') return this.rt.f32(b.ptr, b.size);
    if (t.dtype === 'int32') return this.rt.i32(b.ptr, b.size);
    return this.rt.u8(b.ptr, b.size);
  }
}

/** Largest |got - want| / (atol + rtol |want|) over all elements; NaN must match NaN, ±Inf must match exactly. */
export function worstError(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number): { ratio: number; at: number } {
  let ratio = 0;
  let at = -1;
  if (got.length !== want.length) return { ratio: Number.POSITIVE_INFINITY, at: -1 };
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    let r: number;
    if (g === w) r = 0;
    else if (Number.isNaN(w)) r = Number.isNaN(g) ? 0 : Number.POSITIVE_INFINITY;
    else if (!Number.isFinite(w)) r = g === w ? 0 : Number.POSITIVE_INFINITY;
    else r = Math.abs(g - w) / (atol + rtol * Math.abs(w));
    if (!(r <= ratio)) {
      ratio = r;
      at = i;
    }
  }
  return { ratio, at };
}
