// Test helpers: a backend on this machine's adapter (or the printed reason
// there is none), host<->device tensors with poisoned outputs, a seeded
// generator of random inputs, and an error measure against float64 references.
import { type Backend, type DType, type TensorInfo, makeArray, sizeOf } from '@dendrite/core';
import { createWebGPUBackend } from '../src/index.js';

// Mesa warns about a missing XDG_RUNTIME_DIR on every device creation.
process.env.XDG_RUNTIME_DIR ??= '/tmp';

/** The backend, or why there is none; the adapter or the reason is printed once. */
export async function openBackend(): Promise<{ backend?: Backend; reason?: string }> {
  try {
    const backend = await createWebGPUBackend();
    console.log(`[webgpu tests] running on: ${backend.capabilities.description}`);
    return { backend };
  } catch (err) {
    const reason = `no WebGPU adapter here: ${(err as Error).message}`;
    console.log(`[webgpu tests] SKIPPED: ${reason}`);
    return { reason };
  }
}

/** Deterministic uniform numbers in [lo, hi) (mulberry32), never all zero. */
export function randomData(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** Creates device tensors and reads them back. */
export class Tensors {
  constructor(readonly backend: Backend) {}

  /** A tensor holding `data` (converted to `dtype`), or poison when data is omitted. */
  put(dtype: DType, shape: readonly number[], data?: ArrayLike<number>): TensorInfo {
    const n = sizeOf(shape);
    const handle = this.backend.alloc(dtype, n);
    const host = makeArray(dtype, n);
    if (data) for (let i = 0; i < n; i++) host[i] = data[i];
    // Poison: NaN for floats, a large sentinel for int32, 1 for bool, so unwritten elements show.
    else host.fill(dtype === 'float32' ? Number.NaN : dtype === 'int32' ? 0x5eadbeef : 1);
    this.backend.write(handle, host);
    return { handle, shape: [...shape], dtype };
  }

  async get(t: TensorInfo): Promise<number[]> {
    return Array.from(await this.backend.read(t.handle));
  }
}

/**
 * The worst of |got − want| / (atol + rtol·|want|) over all elements (≤ 1 passes),
 * with NaN matching NaN and infinities matching exactly.
 */
export function worstError(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number): { ratio: number; at: number } {
  let ratio = got.length === want.length ? 0 : Number.POSITIVE_INFINITY;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    let r: number;
    if (Number.isNaN(w) || Number.isNaN(g)) r = Number.isNaN(w) && Number.isNaN(g) ? 0 : Number.POSITIVE_INFINITY;
    else if (!Number.isFinite(w) || !Number.isFinite(g)) r = g === w ? 0 : Number.POSITIVE_INFINITY;
    else r = Math.abs(g - w) / (atol + rtol * Math.abs(w));
    if (r > ratio) {
      ratio = r;
      at = i;
    }
  }
  return { ratio, at };
}

/** Row-major strides. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/** Multi-index of flat index `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  let rem = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = rem % shape[d];
    rem = Math.floor(rem / shape[d]);
  }
  return idx;
}

/** Flat index into `shape` of `out`-shaped multi-index `idx` under broadcasting. */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const lead = idx.length - shape.length;
  const st = strides(shape);
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += (shape[d] === 1 ? 0 : idx[d + lead]) * st[d];
  return off;
}

/** The sizes of the small MLP the training tests use. */
export interface MlpSizes {
  batch: number;
  features: number;
  hidden: number;
  classes: number;
}

/**
 * A learnable classification task for an MLP of `m`'s sizes: seeded inputs,
 * labels from a fixed random linear teacher, and the initial weights
 * (w1, b1, w2, b2), all as plain arrays so they can cross into a browser page.
 *
 * @example
 * ```ts
 * const { x, labels, init } = mlpTask({ batch: 64, features: 8, hidden: 32, classes: 4 });
 * ```
 */
export function mlpTask(m: MlpSizes): { x: number[]; labels: number[]; init: number[][] } {
  const nums = (n: number, seed: number, scale = 1) => Array.from(randomData(n, seed, -scale, scale));
  const x = nums(m.batch * m.features, 21);
  const teacher = nums(m.features * m.classes, 22);
  const labels = Array.from({ length: m.batch }, (_, r) => {
    const row = x.slice(r * m.features, (r + 1) * m.features);
    const scores = Array.from({ length: m.classes }, (_, j) => row.reduce((s, v, i) => s + v * teacher[i * m.classes + j], 0));
    return scores.indexOf(Math.max(...scores));
  });
  const init = [
    nums(m.features * m.hidden, 23, 1 / Math.sqrt(m.features)),
    nums(m.hidden, 24, 0.1),
    nums(m.hidden * m.classes, 25, 1 / Math.sqrt(m.hidden)),
    nums(m.classes, 26, 0.1),
  ];
  return { x, labels, init };
}
