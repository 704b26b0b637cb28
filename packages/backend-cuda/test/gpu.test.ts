// GPU-only checks beyond the conformance kit's small shapes: the large SGEMM
// tile and split-K paths, long reductions and rows, implicit-GEMM convs with
// split-K filter gradients, readback semantics and the caching allocator.
// Skips, printing the reason, where no CUDA device is usable.
import type { Backend, DataArray, DType, TensorInfo } from '@dendrite/core';
import { createReferenceBackend } from '@dendrite/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCudaBackend } from '../src/backend.js';
import { gpuStatus } from './helpers.js';

const status = gpuStatus('GPU checks');

/** Deterministic values in [-1, 1) (never all zero). */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe.skipIf(!status.available)('cuda backend on a GPU', () => {
  let cuda: Backend;
  const ref = createReferenceBackend();
  beforeAll(async () => {
    cuda = await createCudaBackend();
  });
  afterAll(() => cuda?.dispose?.());

  function upload(b: Backend, shape: number[], dtype: DType, data: DataArray): TensorInfo {
    const h = b.alloc(dtype, data.length);
    b.write(h, data);
    return { handle: h, shape, dtype };
  }
  /** Runs `run` on both backends with the same inputs and returns [cuda, reference, |reference| magnitude run] outputs. */
  async function both(
    inputs: { shape: number[]; data: Float32Array }[],
    outShape: number[],
    run: (k: Backend['kernels'], ins: TensorInfo[], out: TensorInfo) => void,
  ): Promise<[DataArray, DataArray, DataArray]> {
    const results: DataArray[] = [];
    for (const [b, abs] of [[cuda, false], [ref, false], [ref, true]] as [Backend, boolean][]) {
      const ins = inputs.map((t) => upload(b, t.shape, 'float32', abs ? t.data.map(Math.abs) : t.data));
      const n = outShape.reduce((p, d) => p * d, 1);
      const out: TensorInfo = { handle: b.alloc('float32', n), shape: outShape, dtype: 'float32' };
      run(b.kernels, ins, out);
      results.push((await b.read(out.handle)).slice());
      for (const t of [...ins, out]) b.free(t.handle);
    }
    return results as [DataArray, DataArray, DataArray];
  }
  /** float32 sums of `terms` products: error ≤ 2·√terms·ε·Σ|a||b| + 2ε|result| (the conformance kit's bound). */
  function expectAccumulated(got: DataArray, want: DataArray, magnitude: DataArray, terms: number): void {
    const eps = 2 ** -24;
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      const excess = Math.abs(got[i] - want[i]) - (2 * Math.sqrt(terms) * eps * magnitude[i] + 2 * eps * Math.abs(want[i]));
      worst = Math.max(worst, excess);
    }
    expect(worst).toBeLessThanOrEqual(0);
  }

  it('matmul on the large tile with every transpose pair (257 x 300 x 129, odd edges)', async () => {
    const [m, k, n] = [257, 300, 129];
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = { shape: ta ? [k, m] : [m, k], data: values(m * k, 1) };
      const b = { shape: tb ? [n, k] : [k, n], data: values(k * n, 2) };
      const [got, want, mag] = await both([a, b], [m, n], (kk, [x, y], out) => kk.matmul(x, y, out, ta, tb));
      expectAccumulated(got, want, mag, k);
    }
  });

  it('matmul with split-K (16 x 20000 x 24) and a broadcast batch (3 x [40, 50] · [50, 30])', async () => {
    const [got, want, mag] = await both([{ shape: [16, 20000], data: values(320000, 3) }, { shape: [20000, 24], data: values(480000, 4) }], [16, 24], (kk, [x, y], out) =>
      kk.matmul(x, y, out, false, false),
    );
    expectAccumulated(got, want, mag, 20000);
    const [g2, w2, m2] = await both([{ shape: [3, 40, 50], data: values(6000, 5) }, { shape: [50, 30], data: values(1500, 6) }], [3, 40, 30], (kk, [x, y], out) =>
      kk.matmul(x, y, out, false, false),
    );
    expectAccumulated(g2, w2, m2, 50);
  });

  it('conv2d and both gradients, strided and grouped, with a split-K filter gradient', async () => {
    const attrs = { stride: [2, 1] as [number, number], pad: [1, 2, 0, 1] as [number, number, number, number], dilation: [1, 2] as [number, number], groups: 2 };
    const x = { shape: [8, 4, 30, 28], data: values(8 * 4 * 30 * 28, 7) };
    const w = { shape: [6, 2, 3, 3], data: values(6 * 2 * 9, 8) };
    const oh = Math.floor((30 + 3 - 3) / 2) + 1;
    const ow = 28 + 1 - 2 * 2 - 1 + 1;
    const dy = { shape: [8, 6, oh, ow], data: values(8 * 6 * oh * ow, 9) };
    const [y, yRef, yMag] = await both([x, w], dy.shape, (k, [a, b], out) => k.conv2d!(a, b, out, attrs));
    expectAccumulated(y, yRef, yMag, 2 * 9);
    const [dx, dxRef, dxMag] = await both([dy, w], x.shape, (k, [a, b], out) => k.conv2dBackpropInput!(a, b, out, attrs));
    expectAccumulated(dx, dxRef, dxMag, 3 * 9);
    const [dw, dwRef, dwMag] = await both([x, dy], w.shape, (k, [a, b], out) => k.conv2dBackpropFilter!(a, b, out, attrs));
    expectAccumulated(dw, dwRef, dwMag, 8 * oh * ow);
  });

  it('long reductions, softmax rows and layerNorm rows (block and warp paths)', async () => {
    const x = { shape: [3, 100000], data: values(300000, 10) };
    const [s, sRef, sMag] = await both([x], [3], (k, [a], out) => k.reduce(a, out, 'sum', [1]));
    expectAccumulated(s, sRef, sMag, 100000);
    const [p, pRef] = await both([{ shape: [5, 5000], data: values(25000, 11).map((v) => v * 50) }], [5, 5000], (k, [a], out) => k.softmax!(a, out));
    p.forEach((v, i) => expect(Math.abs(v - pRef[i])).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(pRef[i])));
  });

  it('reads synchronously and asynchronously, and a read enqueued before free() sees the old data', async () => {
    const data = values(1 << 20, 12);
    const h = cuda.alloc('float32', data.length);
    cuda.write(h, data);
    expect(cuda.readSync!(h)).toEqual(data);
    const pending = cuda.read(h);
    cuda.free(h);
    const h2 = cuda.alloc('float32', data.length); // likely the same block, from the cache
    cuda.kernels.fill({ handle: h2, shape: [data.length], dtype: 'float32' }, 7);
    expect(await pending).toEqual(data);
    cuda.free(h2);
  });

  it('reuses cached blocks: 200 alloc/free cycles make no new cudaMalloc calls', () => {
    const warm = cuda.alloc('float32', 12345);
    cuda.free(warm);
    const before = cuda.memory().cudaMallocCalls;
    for (let i = 0; i < 200; i++) cuda.free(cuda.alloc('float32', 12000 + (i % 300)));
    expect(cuda.memory().cudaMallocCalls).toBe(before);
  });

  it('turns a CUDA failure into a BackendError naming the failed call', async () => {
    const h = cuda.alloc('float32', 4);
    // A device pointer that was never allocated: the copy fails inside the runtime.
    const bogus = { ...(h as object), ptr: 2 ** 40 + 4096 };
    expect(() => cuda.readSync!(bogus)).toThrow(/cuda readSync: cudaMemcpyAsync\(.*\) failed: cuda\w+/);
    cuda.free(h);
  });
});

if (!status.available) {
  describe('cuda backend on a GPU', () => {
    it.skip(`skipped: ${status.reason}`, () => {});
  });
}
