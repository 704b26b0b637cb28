import { setFlagsFromString } from 'node:v8';
import type { Conv2dAttrs, KernelTable, Pool2dAttrs, TensorInfo } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeScratch } from '../src/kernels/matmul-scratch.js';
import { createKernelTable } from '../src/kernels/table.js';
import type { WasmBuild } from '../src/loader.js';
import { createRuntime, type WasmBuffer, type WasmRuntimeControl } from '../src/runtime.js';
import { randomData, Tensors } from './helpers.js';

// Every multi-threaded kernel that sums must give the same bits on every run
// at a fixed thread count, however the OS schedules the threads (a seeded
// training run repeats exactly; checkpoints resume bit-exactly). Each case
// runs REPEATS times on 2 threads with shapes big enough to be split, and
// once on 1 thread, which may round differently but must agree closely.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Runs per case: a scheduling-dependent kernel (images claimed dynamically) shows within a few. */
const REPEATS = 20;

/** One kernel call on fresh random inputs; returns the output tensor (inputs stay allocated until the suite ends). */
type Case = (k: KernelTable, t: Tensors) => { run: () => void; out: TensorInfo };

const f32 = (t: Tensors, shape: number[], seed: number) => t.put('float32', shape, randomData(shape.reduce((p, d) => p * d, 1), seed, -1, 1));
const empty = (t: Tensors, shape: number[]) => t.put('float32', shape);
const convAttrs = (pad: number, stride = 1, groups = 1, dilation = 1): Conv2dAttrs => ({
  stride: [stride, stride], pad: [pad, pad, pad, pad], dilation: [dilation, dilation], groups,
});

/** [x shape, w shape, attrs]: many images (image-split filter gradient), one image (chunked units), grouped, depthwise. */
const CONVS: [string, number[], number[], Conv2dAttrs][] = [
  ['LeNet c1 N64 C1 28x28 6x5x5 p2', [64, 1, 28, 28], [6, 1, 5, 5], convAttrs(2)],
  ['LeNet c2 N16 C6 14x14 16x5x5', [16, 6, 14, 14], [16, 6, 5, 5], convAttrs(0)],
  ['N2 C16 20x20 32x3x3 p1', [2, 16, 20, 20], [32, 16, 3, 3], convAttrs(1)],
  ['N1 C8 30x30 16x3x3 s2', [1, 8, 30, 30], [16, 8, 3, 3], convAttrs(1, 2)],
  ['N8 C16 18x18 groups 4', [8, 16, 18, 18], [32, 4, 3, 3], convAttrs(1, 1, 4)],
  ['N8 C32 21x21 depthwise 3x3', [8, 32, 21, 21], [32, 1, 3, 3], convAttrs(1, 1, 32)],
  ['N3 C16 23x23 depthwise x2 5x5 s2 d2', [3, 16, 23, 23], [32, 1, 5, 5], convAttrs(3, 2, 16, 2)],
];

const outSize = (i: number, k: number, a: Conv2dAttrs, d: 0 | 1) =>
  Math.floor((i + a.pad[2 * d] + a.pad[2 * d + 1] - a.dilation[d] * (k - 1) - 1) / a.stride[d]) + 1;
const convOut = (x: number[], w: number[], a: Conv2dAttrs) => [x[0], w[0], outSize(x[2], w[2], a, 0), outSize(x[3], w[3], a, 1)];

const CASES: [string, Case][] = [
  ['matmul 256x300 · 300x384 (one product, shared panel)', (k, t) => {
    const a = f32(t, [256, 300], 1), b = f32(t, [300, 384], 2), out = empty(t, [256, 384]);
    return { run: () => k.matmul(a, b, out, false, false), out };
  }],
  ['matmul 128x700 · 700x96 (two K slices)', (k, t) => {
    const a = f32(t, [128, 700], 3), b = f32(t, [700, 96], 4), out = empty(t, [128, 96]);
    return { run: () => k.matmul(a, b, out, false, false), out };
  }],
  ['matmul 3 × (200x96)ᵀ · (80x200)ᵀ (few products, transposed)', (k, t) => {
    const a = f32(t, [3, 200, 96], 5), b = f32(t, [3, 80, 200], 6), out = empty(t, [3, 96, 80]);
    return { run: () => k.matmul(a, b, out, true, true), out };
  }],
  ['matmul 9 × 64x64 · 64x64 (whole products)', (k, t) => {
    const a = f32(t, [9, 64, 64], 7), b = f32(t, [9, 64, 64], 8), out = empty(t, [9, 64, 64]);
    return { run: () => k.matmul(a, b, out, false, false), out };
  }],
  ...CONVS.flatMap(([name, xs, ws, attrs]): [string, Case][] => [
    [`conv2d ${name}`, (k, t) => {
      const x = f32(t, xs, 11), w = f32(t, ws, 12), out = empty(t, convOut(xs, ws, attrs));
      return { run: () => k.conv2d!(x, w, out, attrs), out };
    }],
    [`conv2dBackpropInput ${name}`, (k, t) => {
      const dy = f32(t, convOut(xs, ws, attrs), 13), w = f32(t, ws, 14), out = empty(t, xs);
      return { run: () => k.conv2dBackpropInput!(dy, w, out, attrs), out };
    }],
    [`conv2dBackpropFilter ${name}`, (k, t) => {
      const x = f32(t, xs, 15), dy = f32(t, convOut(xs, ws, attrs), 16), out = empty(t, ws);
      return { run: () => k.conv2dBackpropFilter!(x, dy, out, attrs), out };
    }],
  ]),
  ['reduce sum of rows [64, 1000] axis 1', (k, t) => {
    const x = f32(t, [64, 1000], 21), out = empty(t, [64]);
    return { run: () => k.reduce(x, out, 'sum', [1]), out };
  }],
  ['reduce sum of columns [1000, 64] axis 0', (k, t) => {
    const x = f32(t, [1000, 64], 22), out = empty(t, [64]);
    return { run: () => k.reduce(x, out, 'sum', [0]), out };
  }],
  ['reduce sum of all [200000]', (k, t) => {
    const x = f32(t, [200000], 23), out = empty(t, []);
    return { run: () => k.reduce(x, out, 'sum', [0]), out };
  }],
  ['reduce sum [8, 300, 40] axes 0, 2 (transposed first)', (k, t) => {
    const x = f32(t, [8, 300, 40], 24), out = empty(t, [300]);
    return { run: () => k.reduce(x, out, 'sum', [0, 2]), out };
  }],
  ['scatterAdd 2000 rows onto 50 (columns split)', (k, t) => {
    const idx = t.put('int32', [2000], Array.from({ length: 2000 }, (_, i) => (i * 37) % 50));
    const upd = f32(t, [2000, 64], 25), out = empty(t, [50, 64]);
    return { run: () => k.scatterAdd(idx, upd, out, 0), out };
  }],
  ['scatterAdd [8, 600, 16] onto [8, 30, 16] (rows split)', (k, t) => {
    const idx = t.put('int32', [600], Array.from({ length: 600 }, (_, i) => (i * 7) % 30));
    const upd = f32(t, [8, 600, 16], 26), out = empty(t, [8, 30, 16]);
    return { run: () => k.scatterAdd(idx, upd, out, 1), out };
  }],
  ['softmax [256, 300]', (k, t) => {
    const x = f32(t, [256, 300], 27), out = empty(t, [256, 300]);
    return { run: () => k.softmax!(x, out), out };
  }],
  ['logSoftmax [256, 300]', (k, t) => {
    const x = f32(t, [256, 300], 28), out = empty(t, [256, 300]);
    return { run: () => k.logSoftmax!(x, out), out };
  }],
  ['layerNorm [256, 300]', (k, t) => {
    const x = f32(t, [256, 300], 29), g = f32(t, [300], 30), b = f32(t, [300], 31), out = empty(t, [256, 300]);
    return { run: () => k.layerNorm!(x, g, b, out, 1e-5), out };
  }],
  ...(['max', 'avg'] as const).map((kind): [string, Case] => [`${kind}Pool2dBackward [16, 16, 24, 24] 3x3 stride 2 (overlapping windows)`, (k, t) => {
    const attrs: Pool2dAttrs = { kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], countIncludePad: false };
    const x = f32(t, [16, 16, 24, 24], 32), dy = f32(t, [16, 16, 12, 12], 33), out = empty(t, [16, 16, 24, 24]);
    const run = kind === 'max' ? () => k.maxPool2dBackward!(dy, x, out, attrs) : () => k.avgPool2dBackward!(dy, out, attrs);
    return { run, out };
  }]),
  ['gridSample bilinear [8, 8, 20, 20] → 24x24', (k, t) => {
    const x = f32(t, [8, 8, 20, 20], 34), grid = f32(t, [8, 24, 24, 2], 35), out = empty(t, [8, 8, 24, 24]);
    return { run: () => k.gridSample!(x, grid, out, { mode: 'bilinear', padding: 'zeros', alignCorners: false }), out };
  }],
];

/** The output's bits after poisoning it with NaN and running the kernel (a stale value from the last run must not pass). */
function bitsOf(rt: WasmRuntimeControl, c: { run: () => void; out: TensorInfo }): Uint32Array {
  const { ptr, size } = c.out.handle as WasmBuffer;
  rt.f32(ptr, size).fill(Number.NaN);
  c.run();
  return new Uint32Array(rt.f32(ptr, size).slice().buffer);
}

/** Index of the first element whose bits differ, or -1. */
function firstDifference(a: Uint32Array, b: Uint32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : a.length;
}

describe.each(['simd128', 'relaxed-simd'] as WasmBuild[])('determinism on the %s build', (build) => {
  let one: WasmRuntimeControl, two: WasmRuntimeControl;
  let t1: Tensors, t2: Tensors;
  beforeAll(async () => {
    one = await createRuntime({ threads: 1, build });
    two = await createRuntime({ threads: 2, build });
    t1 = new Tensors(one);
    t2 = new Tensors(two);
  });
  afterAll(() => {
    for (const [rt, t] of [[one, t1], [two, t2]] as const) {
      t.releaseAll();
      disposeScratch(rt);
      rt.dispose();
    }
  });

  it.each(CASES)('%s: bit-identical over repeated 2-thread runs, close to 1 thread', (_, make) => {
    expect(two.threads).toBe(2);
    const c2 = make(createKernelTable(two), t2);
    const first = bitsOf(two, c2);
    const values = new Float32Array(first.buffer);
    expect(values.every(Number.isFinite), 'every output element written and finite').toBe(true);
    for (let r = 1; r < REPEATS; r++) {
      const again = bitsOf(two, c2);
      const at = firstDifference(first, again);
      if (at >= 0) {
        throw new Error(`run ${r + 1} differs from run 1 at element ${at}: ${new Float32Array(again.buffer)[at]} vs ${values[at]}`);
      }
    }
    // One thread may group the sums differently (GEMM edge tiles, partial
    // filter gradients). Reassociating a float32 sum of K terms in [-1, 1)
    // moves it by about √K·u·(its partial sums), here ≲ 1e-6·max|out| for
    // K ≤ 2500 (GEMM, conv) and float64-totalled blocks (reduce); 1e-4·max|out|
    // leaves a wide margin, while a missed or doubled term moves an element
    // by ~1e-2·max|out| or more.
    const single = new Float32Array(bitsOf(one, make(createKernelTable(one), t1)).buffer);
    let scale = 0;
    for (const v of single) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < single.length; i++) {
      if (!(Math.abs(single[i] - values[i]) <= 1e-4 * scale)) {
        throw new Error(`1 vs 2 threads differ at element ${i}: ${single[i]} vs ${values[i]} (allowed ${1e-4 * scale})`);
      }
    }
  });
});
