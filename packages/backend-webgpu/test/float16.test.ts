// float16 on this adapter (shader-f16): buffers round-trip every half bit
// pattern at odd lengths, kernels widen halves exactly and round float32
// results once (nearest, ties to even, overflow to Inf) as core's toHalfBits,
// `float16: false` drops the dtype, and a small MLP trains in float16 through
// @dendrite/core ops close to the same training in float32.
import * as core from '@dendrite/core';
import { type Backend, type TensorInfo, toHalfBits } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import { mlpTask, openBackend, randomData } from './helpers.js';

const { backend, reason } = await openBackend();
const hasHalf = backend?.capabilities.dtypes.includes('float16') ?? false;
const skipWhy = !backend ? reason : hasHalf ? undefined : "the adapter lacks 'shader-f16'";
if (skipWhy) console.log(`[webgpu float16 tests] SKIPPED: ${skipWhy}`);
afterAll(() => backend?.dispose?.());

/** Every half bit pattern, 0x0000..0xffff. */
const ALL_HALVES = Uint16Array.from({ length: 0x10000 }, (_, b) => b);

function isHalfNaN(bits: number): boolean {
  return (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
}

/** Writes `data`, runs `kernel` into a fresh output, reads it back and frees both. */
async function through(b: Backend, data: Uint16Array | Float32Array, outDtype: 'float16' | 'float32', kernel: (x: TensorInfo, out: TensorInfo) => void) {
  const n = data.length;
  const inDtype = data instanceof Uint16Array ? 'float16' : 'float32';
  const x: TensorInfo = { handle: b.alloc(inDtype, n), shape: [n], dtype: inDtype };
  const out: TensorInfo = { handle: b.alloc(outDtype, n), shape: [n], dtype: outDtype };
  b.write(x.handle, data);
  kernel(x, out);
  const got = await b.read(out.handle);
  b.free(x.handle);
  b.free(out.handle);
  return got;
}

describe.skipIf(skipWhy !== undefined)(`webgpu float16${skipWhy ? ` (skipped: ${skipWhy})` : ''}`, () => {
  it('declares float16 and says so in its description', () => {
    expect(backend!.capabilities.dtypes).toContain('float16');
    expect(backend!.capabilities.description).toMatch(/float16/);
  });

  it('round-trips odd and even lengths as Uint16Array, 2 bytes an element rounded up to whole words', async () => {
    const b = backend!;
    const before = b.memory().bytes;
    for (const n of [1, 2, 3, 5]) {
      const data = Uint16Array.from({ length: n }, (_, i) => toHalfBits(i * 1.25 - 2));
      const h = b.alloc('float16', n);
      expect(b.memory().bytes - before).toBe(Math.ceil(n / 2) * 4);
      b.write(h, data);
      const got = await b.read(h);
      expect(got).toBeInstanceOf(Uint16Array);
      expect(Array.from(got)).toEqual(Array.from(data));
      b.free(h);
    }
    expect(b.memory().bytes).toBe(before);
    const h = b.alloc('float16', 2);
    expect(() => b.write(h, new Float32Array(2))).toThrow(/float16 buffer takes a Uint16Array/);
    b.free(h);
  });

  it('keeps every half bit pattern (subnormals, ±0, ±Inf, NaN) through write/read and through a copy kernel', async () => {
    const b = backend!;
    // 65535 elements: odd, so the last word holds one half.
    const data = ALL_HALVES.subarray(1);
    const h = b.alloc('float16', data.length);
    b.write(h, data);
    expect(Array.from(await b.read(h))).toEqual(Array.from(data));
    b.free(h);
    // A movement kernel moves halves as elements, bit for bit (NaN payloads too).
    const copied = await through(b, data, 'float16', (x, out) => b.kernels.slice(x, out, [0], [1]));
    expect(Array.from(copied)).toEqual(Array.from(data));
  });

  it('widens every half exactly to float32 and rounds it back to the same half (NaN stays NaN)', async () => {
    const b = backend!;
    const wide = (await through(b, ALL_HALVES, 'float32', (x, out) => b.kernels.cast(x, out))) as Float32Array;
    for (let i = 0; i < wide.length; i++) {
      const want = core.fromHalfBits(i);
      if (Number.isNaN(want)) expect(Number.isNaN(wide[i]), `0x${i.toString(16)}`).toBe(true);
      else expect(wide[i], `0x${i.toString(16)}`).toBe(want);
    }
    const back = await through(b, wide, 'float16', (x, out) => b.kernels.cast(x, out));
    for (let i = 0; i < back.length; i++) {
      if (isHalfNaN(i)) expect(isHalfNaN(back[i]), `0x${i.toString(16)}`).toBe(true);
      else expect(back[i], `0x${i.toString(16)}`).toBe(i);
    }
  });

  it('rounds float32 to the nearest half, ties to even, overflow to Inf, as toHalfBits', async () => {
    const b = backend!;
    const edges = [65504, 65519.99, 65520, 1e9, -1e9, 2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -26, 2 ** -14 - 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, -0, 0.1];
    const random = Array.from(randomData(20000, 7, -1, 1), (u, i) => u * 2 ** ((i % 48) - 30));
    // Midpoints between neighbouring halves: exact in float32, so every one is a tie.
    const ties = Array.from(randomData(2000, 8, 0, 0x7bfe), (u) => {
      const lo = Math.floor(u);
      return (core.fromHalfBits(lo) + core.fromHalfBits(lo + 1)) / 2;
    });
    const values = Float32Array.from([...edges, ...random, ...ties]);
    const got = await through(b, values, 'float16', (x, out) => b.kernels.cast(x, out));
    for (let i = 0; i < values.length; i++) expect(got[i], `${values[i]}`).toBe(toHalfBits(values[i]));
  });

  it('float16: false leaves the dtype out, and core then refuses float16 tensors with its clear error', async () => {
    const plain = await createWebGPUBackend({ float16: false });
    try {
      expect(plain.capabilities.dtypes).toEqual(['float32', 'int32', 'bool']);
      expect(plain.capabilities.description).not.toMatch(/float16/);
      expect(() => plain.alloc('float16', 1)).toThrow(/float16 was turned off/);
    } finally {
      plain.dispose?.();
    }
    core.registerBackend('webgpu-no-half', () => createWebGPUBackend({ float16: false }));
    try {
      await core.setBackend('webgpu-no-half');
      const start = core.memory().numTensors;
      expect(() => core.tensor([1, 2], undefined, 'float16')).toThrow(core.BackendError);
      expect(() => core.tensor([1, 2], undefined, 'float16')).toThrow(/does not support dtype float16/);
      expect(core.memory().numTensors).toBe(start);
    } finally {
      core.removeBackend('webgpu-no-half');
    }
  });
});

const MLP = { batch: 64, features: 8, hidden: 32, classes: 4, lr: 0.5, steps: 30 };

/**
 * Trains a two-layer MLP by full-batch gradient descent in `dtype` on the
 * current backend; returns each step's loss. Same data and start as the
 * browser test's MLP (labels from a random linear teacher).
 */
async function trainMlp(dtype: 'float32' | 'float16'): Promise<number[]> {
  const { x, labels, init } = mlpTask(MLP);
  const shapes = [[MLP.features, MLP.hidden], [MLP.hidden], [MLP.hidden, MLP.classes], [MLP.classes]];
  let params = init.map((v, i) => core.tensor(v, shapes[i], { dtype, requiresGrad: true }));
  const xs = core.tensor(x, [MLP.batch, MLP.features], dtype);
  const ys = core.tensor(new Int32Array(labels), [MLP.batch]);
  const losses: number[] = [];
  for (let step = 0; step < MLP.steps; step++) {
    const [w1, b1, w2, b2] = params;
    // tidy frees the intermediates (autograd keeps what backward needs).
    const loss = core.tidy(() => {
      const logits = core.add(core.matmul(core.relu(core.add(core.matmul(xs, w1), b1)), w2), b2);
      expect(logits.dtype).toBe(dtype);
      // The loss of half logits is float16 too (the core's mean sums in float32 and rounds once).
      return core.crossEntropy(logits, ys);
    });
    expect(loss.dtype).toBe(dtype);
    loss.backward();
    expect(w1.grad!.dtype).toBe(dtype);
    losses.push((await loss.data())[0]);
    const next = core.tidy(() => core.noGrad(() => params.map((p) => core.sub(p, core.mul(p.grad!, MLP.lr)))));
    core.dispose([loss, ...params, ...params.map((p) => p.grad!)]);
    for (const p of next) p.requiresGrad = true;
    params = next;
  }
  core.dispose([xs, ys, ...params]);
  return losses;
}

describe.skipIf(skipWhy !== undefined)(`webgpu float16 training${skipWhy ? ` (skipped: ${skipWhy})` : ''}`, () => {
  it('trains an MLP in float16: the loss falls and follows the float32 run', async () => {
    core.registerBackend('webgpu-half-mlp', () => createWebGPUBackend());
    try {
      await core.setBackend('webgpu-half-mlp');
      const start = core.memory().numTensors;
      const full = await trainMlp('float32');
      const half = await trainMlp('float16');
      expect(core.memory().numTensors).toBe(start);
      const worst = Math.max(...half.map((l, s) => Math.abs(l - full[s]) / full[s]));
      console.log(`[webgpu float16 tests] MLP loss float32 ${full[0].toFixed(4)} -> ${full.at(-1)!.toFixed(4)}, float16 ${half[0].toFixed(4)} -> ${half.at(-1)!.toFixed(4)}; worst relative gap ${worst.toExponential(2)}`);
      expect(half.at(-1)!).toBeLessThan(0.6 * half[0]);
      // Every stored half is off by up to 2^-11 (4.9e-4) relative: step 0 differs
      // from float32 only by the rounded inputs, weights and activations, and
      // later steps add each update's rounding to the weights, a random walk of
      // ~sqrt(steps) half ulps that gradient descent on this smooth loss damps
      // rather than amplifies (the loss is a half too: core's mean sums in
      // float32 and rounds once). Measured on lavapipe: 6.2e-4 worst over 30 steps. 4e-3 (~8
      // half ulps) leaves room for other adapters' summation orders; a kernel
      // that lost bits drifts past it (truncating the stores instead of rounding: 8.9e-3).
      for (let s = 0; s < MLP.steps; s++) expect(Math.abs(half[s] - full[s]), `step ${s}`).toBeLessThanOrEqual(4e-3 * full[s]);
      // The reference backend emulates float16 (float64 math rounded to half after
      // every kernel): the two float16 runs round the same values, so they stay far
      // closer to each other than to float32. Measured on lavapipe: 0 (identical halves); 1e-3
      // (two half ulps) still catches a rounding or accumulation mistake.
      await core.setBackend('reference');
      const emulated = await trainMlp('float16');
      const gap = Math.max(...half.map((l, s) => Math.abs(l - emulated[s]) / emulated[s]));
      console.log(`[webgpu float16 tests] float16 on webgpu vs the reference's float16 emulation: worst relative gap ${gap.toExponential(2)}`);
      for (let s = 0; s < MLP.steps; s++) expect(Math.abs(half[s] - emulated[s]), `step ${s}`).toBeLessThanOrEqual(1e-3 * emulated[s]);
    } finally {
      await core.setBackend('reference');
      core.removeBackend('webgpu-half-mlp');
    }
  }, 60_000);
});
