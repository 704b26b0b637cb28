import { setFlagsFromString } from 'node:v8';
import type { TensorInfo } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeScratch } from '../src/kernels/matmul-scratch.js';
import { matmul } from '../src/kernels/matmul.js';
import { type WasmBuild, pickBuild } from '../src/loader.js';
import { type WasmBuffer, type WasmRuntimeControl, createRuntime } from '../src/runtime.js';

// Node 20 validates relaxed SIMD only behind this V8 flag; setting it before
// the first compile lets both builds be checked in one run.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Deterministic uniform numbers in [-1, 1) (mulberry32), so failures reproduce. */
function randoms(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

function upload(rt: WasmRuntimeControl, shape: number[], data: Float32Array): TensorInfo {
  const ptr = rt.malloc(data.length * 4);
  rt.f32(ptr, data.length).set(data);
  const handle: WasmBuffer = { ptr, size: data.length, dtype: 'float32', bytes: data.length * 4 };
  return { handle, shape, dtype: 'float32' };
}

/** An output buffer poisoned with NaN, so an element the kernel skips shows up. */
function poisoned(rt: WasmRuntimeControl, shape: number[]): TensorInfo {
  return upload(rt, shape, new Float32Array(size(shape)).fill(Number.NaN));
}

const read = (rt: WasmRuntimeControl, t: TensorInfo) => Array.from(rt.f32((t.handle as WasmBuffer).ptr, size(t.shape)));

/**
 * float64 reference of the contract: batched, broadcast, optional transposes.
 * Also returns Σ|a||b| per element, the scale of float32 rounding error.
 */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], outShape: number[], transA: boolean, transB: boolean) {
  const m = outShape[outShape.length - 2];
  const n = outShape[outShape.length - 1];
  const k = aShape[aShape.length - (transA ? 2 : 1)];
  const batch = outShape.slice(0, -2);
  const value = new Float64Array(size(outShape));
  const scale = new Float64Array(size(outShape));
  const batchIndex = (shape: number[], idx: number[]) => {
    const own = shape.slice(0, -2);
    let flat = 0;
    own.forEach((d, i) => {
      flat = flat * d + (d === 1 ? 0 : idx[i + batch.length - own.length]);
    });
    return flat;
  };
  for (let t = 0; t < size(batch); t++) {
    const idx: number[] = [];
    let r = t;
    for (let d = batch.length - 1; d >= 0; d--) {
      idx.unshift(r % batch[d]);
      r = Math.floor(r / batch[d]);
    }
    const ao = batchIndex(aShape, idx) * m * k;
    const bo = batchIndex(bShape, idx) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const av = a[ao + (transA ? p * m + i : i * k + p)];
          const bv = b[bo + (transB ? j * k + p : p * n + j)];
          s += av * bv;
          abs += Math.abs(av * bv);
        }
        value[t * m * n + i * n + j] = s;
        scale[t * m * n + i * n + j] = abs;
      }
    }
  }
  return { value, scale };
}

interface Case {
  a: number[];
  b: number[];
  out: number[];
  transA: boolean;
  transB: boolean;
}

function matrixCase(batchA: number[], batchB: number[], batchOut: number[], m: number, k: number, n: number, transA: boolean, transB: boolean): Case {
  return {
    a: [...batchA, ...(transA ? [k, m] : [m, k])],
    b: [...batchB, ...(transB ? [n, k] : [k, n])],
    out: [...batchOut, m, n],
    transA,
    transB,
  };
}

const FLAGS: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];
// Odd sizes cross every edge: partial 4×8 micro-tiles, K cut into several
// slices, M beyond one 128-row block, and sizes big enough (≥ 2²⁰
// multiply-adds) to run threaded.
const SIZES: [number, number, number][] = [[1, 1, 1], [5, 7, 3], [13, 33, 17], [3, 300, 9], [130, 70, 45], [37, 700, 29], [100, 110, 120]];

const CASES: Case[] = [
  ...SIZES.flatMap(([m, k, n]) => FLAGS.map(([ta, tb]) => matrixCase([], [], [], m, k, n, ta, tb))),
  // Batch broadcasting, in every direction, with transposes.
  ...FLAGS.map(([ta, tb]) => matrixCase([2, 3], [3], [2, 3], 9, 11, 6, ta, tb)),
  ...FLAGS.map(([ta, tb]) => matrixCase([2, 1], [1, 3], [2, 3], 6, 5, 10, ta, tb)),
  // One shared B against a batched A (folded into one tall product) and the reverse.
  matrixCase([4], [], [4], 7, 12, 9, false, false),
  matrixCase([4, 2], [1], [4, 2], 7, 12, 9, false, true),
  matrixCase([], [5], [5], 7, 12, 9, true, false),
  // Threaded batches: an odd count (each product cut between threads) and an even one (whole products).
  matrixCase([3], [3], [3], 60, 70, 90, false, true),
  matrixCase([4], [1], [4], 50, 60, 90, true, false),
  // The shared-B-panel driver (few products, threaded): K deep enough for several panels,
  // a short-and-wide product, and a 3-product batch of ≥ 2²⁰ multiply-adds each.
  matrixCase([], [], [], 64, 9000, 300, false, false),
  matrixCase([], [], [], 8, 600, 4096, false, true),
  matrixCase([3], [3], [3], 64, 128, 130, true, false),
  // Empty contraction: the product is all zeros.
  matrixCase([2], [2], [2], 3, 0, 4, false, false),
];

const builds: WasmBuild[] = ['simd128', 'relaxed-simd'];

describe.each(builds)('matmul on the %s build', (build) => {
  describe.each([1, 2])('with %i thread(s)', (threads) => {
    let rt: WasmRuntimeControl;
    beforeAll(async () => {
      pickBuild(build);
      rt = await createRuntime({ threads, build });
    });
    afterAll(() => {
      disposeScratch(rt);
      rt.dispose();
    });

    it.each(CASES.map((c, i) => [i, c] as const))('case %i matches the float64 reference', (i, c) => {
      const aData = randoms(size(c.a), 1000 + i);
      const bData = randoms(size(c.b), 2000 + i);
      const a = upload(rt, c.a, aData);
      const b = upload(rt, c.b, bData);
      const out = poisoned(rt, c.out);
      matmul(rt, a, b, out, c.transA, c.transB);
      const got = read(rt, out);
      const ref = reference(aData, c.a, bData, c.b, c.out, c.transA, c.transB);
      // float32 products summed in blocks: rounding error ≈ √K·2⁻²⁴·Σ|ab| (≈ 1.5e-6·Σ|ab|
      // at K = 520, 5.7e-6 at K = 9000); 1e-5·Σ|ab| leaves headroom while a wrong element is off by O(Σ|ab|).
      got.forEach((v, j) => {
        const err = Math.abs(v - ref.value[j]);
        if (!(err <= 1e-5 * ref.scale[j] + 1e-7)) {
          throw new Error(`case ${i} [${c.a}]x[${c.b}] tA=${c.transA} tB=${c.transB}: out[${j}] = ${v}, expected ${ref.value[j]}`);
        }
      });
      for (const t of [a, b, out]) rt.release((t.handle as WasmBuffer).ptr);
    });
  });
});

describe('matmul scratch', () => {
  it('is reused across calls and freed by disposeScratch', async () => {
    const rt = await createRuntime({ threads: 1, build: 'simd128' });
    const a = upload(rt, [8, 8], randoms(64, 1));
    const out = poisoned(rt, [8, 8]);
    matmul(rt, a, a, out, false, false);
    const afterFirst = rt.heap.stats().blocks;
    matmul(rt, a, a, out, true, false);
    expect(rt.heap.stats().blocks).toBe(afterFirst);
    disposeScratch(rt);
    expect(rt.heap.stats().blocks).toBe(afterFirst - 1);
    rt.dispose();
  });
});
