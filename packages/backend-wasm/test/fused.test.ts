import { setFlagsFromString } from 'node:v8';
import type { Conv2dAttrs, GridSampleAttrs, Pool2dAttrs, TensorInfo } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dBiasActivation } from '../src/kernels/conv.js';
import { gridSample } from '../src/kernels/grid-sample.js';
import { disposeScratch } from '../src/kernels/matmul-scratch.js';
import { batchNorm, layerNorm } from '../src/kernels/norm.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from '../src/kernels/pool.js';
import { logSoftmax, softmax } from '../src/kernels/softmax.js';
import type { WasmBuild } from '../src/loader.js';
import { type WasmBuffer, type WasmRuntimeControl, createRuntime } from '../src/runtime.js';

// Every fused kernel against float64 loops written from the contract's
// wording, on odd shapes, both builds, 1 and 2 threads. Node 20 validates
// relaxed SIMD only behind this V8 flag; set before the first compile.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Deterministic uniform numbers in [lo, hi) (mulberry32), so failures reproduce. */
function randoms(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * (hi - lo);
  }
  return out;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Checks got ≈ want elementwise: |got - want| ≤ rel·scale + abs, naming the first bad element. */
function expectClose(what: string, got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number> | number, rel: number, abs: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const s = typeof scale === 'number' ? scale : scale[i];
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= rel * s + abs) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      throw new Error(`${what}: element ${i} is ${got[i]}, expected ${want[i]} (error ${err}, allowed ${rel * s + abs})`);
    }
  }
}

const builds: WasmBuild[] = ['simd128', 'relaxed-simd'];

describe.each(builds)('fused kernels on the %s build', (build) => {
  describe.each([1, 2])('with %i thread(s)', (threads) => {
    let rt: WasmRuntimeControl;
    const live: number[] = [];
    beforeAll(async () => {
      rt = await createRuntime({ threads, build });
    });
    afterAll(() => {
      for (const p of live.splice(0)) rt.release(p);
      disposeScratch(rt);
      rt.dispose();
    });

    const upload = (shape: number[], data: Float32Array): TensorInfo => {
      const ptr = rt.malloc(data.length * 4);
      live.push(ptr);
      rt.f32(ptr, data.length).set(data);
      const handle: WasmBuffer = { ptr, size: data.length, dtype: 'float32', bytes: data.length * 4 };
      return { handle, shape, dtype: 'float32' };
    };
    // Outputs start as NaN so that an element a kernel forgets to write shows up.
    const output = (shape: number[]) => upload(shape, new Float32Array(size(shape)).fill(Number.NaN));
    const read = (t: TensorInfo) => Array.from(rt.f32((t.handle as WasmBuffer).ptr, size(t.shape)));

    describe('conv2d and its gradients', () => {
      interface ConvCase { x: number[]; w: number[]; attrs: Conv2dAttrs }
      const conv = (x: number[], w: number[], stride: [number, number], pad: [number, number, number, number], dilation: [number, number], groups: number): ConvCase =>
        ({ x, w, attrs: { stride, pad, dilation, groups } });
      const CASES: ConvCase[] = [
        conv([2, 3, 9, 9], [4, 3, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1),
        // One image: threads split columns / channels of a single unit.
        conv([1, 5, 11, 7], [6, 5, 3, 2], [2, 1], [1, 0, 0, 1], [1, 2], 1),
        conv([3, 4, 8, 8], [6, 2, 3, 3], [2, 2], [1, 1, 1, 1], [1, 1], 2),
        // Depthwise, 1×1, LeNet's first layer, and a patch (288) deeper than one GEMM slice (256).
        conv([2, 4, 7, 6], [4, 1, 5, 5], [1, 1], [2, 2, 2, 2], [1, 1], 4),
        conv([2, 16, 5, 5], [8, 16, 1, 1], [1, 1], [0, 0, 0, 0], [1, 1], 1),
        conv([3, 1, 28, 28], [6, 1, 5, 5], [1, 1], [0, 0, 0, 0], [1, 1], 1),
        conv([2, 32, 6, 6], [5, 32, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1),
        // Big enough (≥ 2²⁰ multiply-adds) to run on both threads: whole images, one image
        // cut between threads, groups, and a filter gradient too narrow to cut by columns.
        conv([4, 8, 16, 16], [16, 8, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1),
        conv([1, 16, 20, 20], [24, 16, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1),
        conv([6, 8, 20, 20], [16, 4, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 2),
        conv([20, 1, 30, 30], [8, 1, 3, 3], [1, 1], [0, 0, 0, 0], [1, 1], 1),
        // Rows so wide (576 patch rows × 1002 columns > the 2²⁰-float band budget) that both
        // gradients go one output row at a time.
        conv([1, 64, 5, 1002], [4, 64, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1),
        // Strided with an input row/column that no window reaches (convTranspose's output padding).
        conv([2, 3, 10, 10], [4, 3, 3, 3], [3, 3], [0, 1, 1, 0], [1, 1], 1),
        // 1x1 stride 1 (the image is the patch matrix, no im2col): threaded, grouped, and
        // with a dilation (irrelevant for 1x1) and a 1x1 stride 2 / padded one that is not.
        conv([2, 64, 28, 28], [40, 64, 1, 1], [1, 1], [0, 0, 0, 0], [1, 1], 1),
        conv([1, 96, 30, 30], [36, 96, 1, 1], [1, 1], [0, 0, 0, 0], [2, 2], 1),
        conv([3, 12, 9, 7], [8, 3, 1, 1], [1, 1], [0, 0, 0, 0], [1, 1], 4),
        conv([2, 16, 9, 9], [8, 16, 1, 1], [2, 2], [0, 0, 0, 0], [1, 1], 1),
        conv([2, 16, 6, 6], [8, 16, 1, 1], [1, 1], [1, 0, 0, 1], [1, 1], 1),
      ];

      /** conv2d, its input gradient and its filter gradient in float64, plus Σ|terms| per element of each. */
      function convReference(x: Float32Array, w: Float32Array, dy: Float32Array, c: ConvCase) {
        const [n, ch, h, wd] = c.x;
        const [cout, cg, kh, kw] = c.w;
        const { stride, pad, dilation, groups } = c.attrs;
        const oh = Math.floor((h + pad[0] + pad[1] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
        const ow = Math.floor((wd + pad[2] + pad[3] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
        const cog = cout / groups;
        const y = new Float64Array(n * cout * oh * ow), yScale = new Float64Array(y.length);
        const dx = new Float64Array(x.length), dxScale = new Float64Array(x.length);
        const dw = new Float64Array(w.length), dwScale = new Float64Array(w.length);
        for (let b = 0; b < n; b++) for (let co = 0; co < cout; co++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
          const yi = ((b * cout + co) * oh + i) * ow + j;
          for (let ci = 0; ci < cg; ci++) for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
            const ih = i * stride[0] + p * dilation[0] - pad[0];
            const iw = j * stride[1] + q * dilation[1] - pad[2];
            if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
            const xi = ((b * ch + Math.floor(co / cog) * cg + ci) * h + ih) * wd + iw;
            const wi = ((co * cg + ci) * kh + p) * kw + q;
            y[yi] += x[xi] * w[wi];
            yScale[yi] += Math.abs(x[xi] * w[wi]);
            dx[xi] += dy[yi] * w[wi];
            dxScale[xi] += Math.abs(dy[yi] * w[wi]);
            dw[wi] += dy[yi] * x[xi];
            dwScale[wi] += Math.abs(dy[yi] * x[xi]);
          }
        }
        return { y, yScale, dx, dxScale, dw, dwScale, out: [n, cout, oh, ow] };
      }

      it.each(CASES.map((c, i) => [i, c] as const))('case %i: forward, input and filter gradients match float64', (i, c) => {
        const xData = randoms(size(c.x), 10 + i);
        const wData = randoms(size(c.w), 20 + i);
        const shapes = convReference(xData, wData, new Float32Array(0), c).out;
        const dyData = randoms(size(shapes), 30 + i);
        const ref = convReference(xData, wData, dyData, c);
        const x = upload(c.x, xData), w = upload(c.w, wData), dy = upload(ref.out, dyData);
        const y = output(ref.out), dx = output(c.x), dw = output(c.w);
        conv2d(rt, x, w, y, c.attrs);
        conv2dBackpropInput(rt, dy, w, dx, c.attrs);
        conv2dBackpropFilter(rt, x, dy, dw, c.attrs);
        // float32 sums of up to a few thousand products: error ≈ √terms·2⁻²⁴·Σ|terms|, far
        // below 1e-5·Σ|terms|; an element read from the wrong place is off by O(Σ|terms|).
        expectClose(`conv2d case ${i}`, read(y), ref.y, ref.yScale, 1e-5, 1e-7);
        expectClose(`conv2dBackpropInput case ${i}`, read(dx), ref.dx, ref.dxScale, 1e-5, 1e-7);
        expectClose(`conv2dBackpropFilter case ${i}`, read(dw), ref.dw, ref.dwScale, 1e-5, 1e-7);
      });
    });

    describe('conv2dBiasActivation (inference epilogue)', () => {
      const relu = (v: number) => Math.max(0, v);
      const cases: [number, number[], number[], Conv2dAttrs, boolean, 'relu' | 'linear'][] = [
        [0, [2, 3, 9, 9], [4, 3, 3, 3], { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 }, true, 'relu'],
        [1, [1, 16, 20, 20], [24, 16, 3, 3], { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 }, true, 'relu'],
        [2, [6, 8, 20, 20], [16, 4, 3, 3], { stride: [2, 1], pad: [1, 0, 1, 1], dilation: [1, 2], groups: 2 }, true, 'relu'],
        [3, [2, 64, 28, 28], [40, 64, 1, 1], { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }, true, 'relu'],
        [4, [2, 64, 28, 28], [40, 64, 1, 1], { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }, false, 'relu'],
        [5, [2, 64, 28, 28], [40, 64, 1, 1], { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }, true, 'linear'],
        [6, [2, 16, 12, 12], [16, 1, 3, 3], { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 16 }, true, 'relu'],
        [7, [8, 32, 20, 20], [32, 1, 3, 3], { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 32 }, true, 'linear'],
        [8, [1, 64, 5, 1002], [4, 64, 3, 3], { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 }, true, 'relu'],
      ];
      it.each(cases)('case %i: x %j w %j matches float64 act(conv + bias)', (i, xs, ws, attrs, withBias, activation) => {
        const [n, , h, wd] = xs;
        const [cout, cg, kh, kw] = ws;
        const oh = Math.floor((h + attrs.pad[0] + attrs.pad[1] - attrs.dilation[0] * (kh - 1) - 1) / attrs.stride[0]) + 1;
        const ow = Math.floor((wd + attrs.pad[2] + attrs.pad[3] - attrs.dilation[1] * (kw - 1) - 1) / attrs.stride[1]) + 1;
        const xData = randoms(size(xs), 50 + i), wData = randoms(size(ws), 60 + i), bData = randoms(cout, 70 + i);
        const want = new Float64Array(n * cout * oh * ow), scale = new Float64Array(want.length);
        const cog = cout / attrs.groups;
        for (let b = 0; b < n; b++) for (let co = 0; co < cout; co++) for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
          const yi = ((b * cout + co) * oh + y) * ow + x;
          let acc = withBias ? bData[co] : 0, abs = Math.abs(acc);
          for (let ci = 0; ci < cg; ci++) for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
            const ih = y * attrs.stride[0] + p * attrs.dilation[0] - attrs.pad[0];
            const iw = x * attrs.stride[1] + q * attrs.dilation[1] - attrs.pad[2];
            if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
            const t = xData[((b * xs[1] + Math.floor(co / cog) * cg + ci) * h + ih) * wd + iw] * wData[((co * cg + ci) * kh + p) * kw + q];
            acc += t;
            abs += Math.abs(t);
          }
          want[yi] = activation === 'relu' ? relu(acc) : acc;
          scale[yi] = abs;
        }
        const out = output([n, cout, oh, ow]);
        conv2dBiasActivation(rt, upload(xs, xData), upload(ws, wData), withBias ? upload([cout], bData) : null, out, attrs, activation);
        // Same bound as conv2d: the bias adds one exact term, ReLU only clamps.
        expectClose(`conv2dBiasActivation case ${i}`, read(out), want, scale, 1e-5, 1e-7);
      });
    });

    describe('pooling', () => {
      const pool = (kernel: [number, number], stride: [number, number], pad: [number, number, number, number], countIncludePad: boolean): Pool2dAttrs =>
        ({ kernel, stride, pad, countIncludePad });
      const CASES: [number[], Pool2dAttrs][] = [
        [[2, 3, 8, 8], pool([2, 2], [2, 2], [0, 0, 0, 0], false)],
        [[1, 2, 7, 9], pool([3, 3], [2, 2], [1, 1, 1, 1], true)],
        [[1, 2, 7, 9], pool([3, 3], [2, 2], [1, 1, 1, 1], false)],
        // Ceil mode's extra bottom/right padding, overlapping windows, rectangular kernel.
        [[2, 2, 6, 5], pool([3, 2], [1, 2], [1, 2, 0, 1], false)],
        [[3, 5, 12, 12], pool([2, 2], [1, 1], [1, 0, 1, 0], true)],
        // Rows of 7 and 9 outputs: four windows at a time, then a ragged end.
        [[2, 3, 14, 14], pool([2, 2], [2, 2], [0, 0, 0, 0], false)],
        [[1, 2, 10, 11], pool([3, 3], [1, 1], [0, 0, 0, 0], true)],
      ];
      const outSize = (x: number[], a: Pool2dAttrs) => [x[0], x[1],
        Math.floor((x[2] + a.pad[0] + a.pad[1] - a.kernel[0]) / a.stride[0]) + 1,
        Math.floor((x[3] + a.pad[2] + a.pad[3] - a.kernel[1]) / a.stride[1]) + 1];

      /** Visits each window: its output index and its in-image cells (flat input indices, row-major window order). */
      function windows(x: number[], a: Pool2dAttrs, visit: (o: number, cells: number[], oi: number, oj: number) => void): void {
        const [n, c, h, w] = x;
        const [, , oh, ow] = outSize(x, a);
        for (let p = 0; p < n * c; p++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
          const cells: number[] = [];
          for (let u = 0; u < a.kernel[0]; u++) for (let v = 0; v < a.kernel[1]; v++) {
            const ih = i * a.stride[0] - a.pad[0] + u, iw = j * a.stride[1] - a.pad[2] + v;
            if (ih >= 0 && ih < h && iw >= 0 && iw < w) cells.push((p * h + ih) * w + iw);
          }
          visit((p * oh + i) * ow + j, cells, i, j);
        }
      }

      it.each(CASES.map((c, i) => [i, ...c] as const))('case %i: max pooling and its gradient (first maximum wins ties)', (i, shape, attrs) => {
        // Values from a small set of integers, so windows hold ties.
        const xData = randoms(size(shape), 40 + i, 0, 4).map(Math.floor);
        const out = outSize(shape, attrs);
        const dyData = randoms(size(out), 50 + i);
        const want = new Float64Array(size(out)), dxWant = new Float64Array(size(shape));
        windows(shape, attrs, (o, cells) => {
          let best = cells[0];
          for (const cell of cells) if (xData[cell] > xData[best]) best = cell;
          want[o] = xData[best];
          dxWant[best] += dyData[o];
        });
        const x = upload(shape, xData), y = output(out), dy = upload(out, dyData), dx = output(shape);
        maxPool2d(rt, x, y, attrs);
        maxPool2dBackward(rt, dy, x, dx, attrs);
        // The max is exact; the gradient sums at most a few float32 values per cell.
        expectClose(`maxPool2d case ${i}`, read(y), want, 0, 0, 0);
        expectClose(`maxPool2dBackward case ${i}`, read(dx), dxWant, 1, 1e-6, 0);
      });

      it('max pooling: a NaN in a window wins it', () => {
        const xData = randoms(16, 7);
        xData[5] = Number.NaN;
        const x = upload([1, 1, 4, 4], xData), y = output([1, 1, 2, 2]);
        const dy = upload([1, 1, 2, 2], new Float32Array([1, 2, 3, 4])), dx = output([1, 1, 4, 4]);
        const attrs = pool([2, 2], [2, 2], [0, 0, 0, 0], false);
        maxPool2d(rt, x, y, attrs);
        maxPool2dBackward(rt, dy, x, dx, attrs);
        expect(Number.isNaN(read(y)[0])).toBe(true);
        expect(read(dx)[5]).toBe(1);
      });

      it.each(CASES.map((c, i) => [i, ...c] as const))('case %i: average pooling and its gradient', (i, shape, attrs) => {
        const xData = randoms(size(shape), 60 + i);
        const out = outSize(shape, attrs);
        const dyData = randoms(size(out), 70 + i);
        const want = new Float64Array(size(out)), dxWant = new Float64Array(size(shape));
        windows(shape, attrs, (o, cells) => {
          const divisor = attrs.countIncludePad ? attrs.kernel[0] * attrs.kernel[1] : cells.length;
          want[o] = cells.reduce((s, cell) => s + xData[cell], 0) / divisor;
          for (const cell of cells) dxWant[cell] += dyData[o] / divisor;
        });
        const x = upload(shape, xData), y = output(out), dy = upload(out, dyData), dx = output(shape);
        avgPool2d(rt, x, y, attrs);
        avgPool2dBackward(rt, dy, dx, attrs);
        // Sums of ≤ 9 float32 terms in [-1, 1]: error ≤ 9·2⁻²⁴ ≈ 6e-7 absolute.
        expectClose(`avgPool2d case ${i}`, read(y), want, 1, 2e-6, 0);
        expectClose(`avgPool2dBackward case ${i}`, read(dx), dxWant, 1, 2e-6, 0);
      });
    });

    describe('softmax and log-softmax', () => {
      it.each([[[1, 1]], [[5, 3]], [[4, 4]], [[3, 7]], [[2, 3, 33]], [[64, 100]], [[7]]])('over the last axis of %j', (shape) => {
        const d = shape[shape.length - 1];
        const data = randoms(size(shape), d, -20, 20);
        const x = upload(shape, data), s = output(shape), ls = output(shape);
        softmax(rt, x, s);
        logSoftmax(rt, x, ls);
        const want = new Float64Array(data.length), logWant = new Float64Array(data.length);
        for (let r = 0; r < data.length / d; r++) {
          const row = Array.from(data.subarray(r * d, (r + 1) * d));
          const m = Math.max(...row);
          const z = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
          row.forEach((v, j) => {
            want[r * d + j] = Math.exp(v - m) / z;
            logWant[r * d + j] = v - m - Math.log(z);
          });
        }
        // exp to a few ulp and float32 sums of ≤ 100 terms: relative 2e-6 is ~30 ulp of headroom.
        expectClose('softmax', read(s), want, want.map(Math.abs), 2e-6, 1e-9);
        expectClose('logSoftmax', read(ls), logWant, logWant.map((v) => Math.abs(v) + 1), 2e-6, 0);
      });
    });

    describe('normalization', () => {
      it.each([[[2, 3, 5, 7]], [[4, 6]], [[3, 4, 9]]])('batchNorm of %j', (shape) => {
        const c = shape[1];
        const spatial = size(shape.slice(2));
        const data = randoms(size(shape), 80, -3, 5);
        const stats = [randoms(c, 81), randoms(c, 82, 0.1, 2), randoms(c, 83), randoms(c, 84)];
        const [mean, variance, gamma, beta] = stats.map((s) => upload([c], s));
        const x = upload(shape, data), out = output(shape);
        const eps = 1e-3;
        batchNorm(rt, x, mean, variance, gamma, beta, out, eps);
        const want = Array.from(data, (v, i) => {
          const ch = Math.floor(i / spatial) % c;
          return ((v - stats[0][ch]) / Math.sqrt(stats[1][ch] + eps)) * stats[2][ch] + stats[3][ch];
        });
        // One fused scale and shift per channel in float32: a few ulp of values ≲ 10.
        expectClose('batchNorm', read(out), want, want.map((v) => Math.abs(v) + 1), 2e-6, 0);
      });

      it.each([[[3, 5]], [[2, 4, 8]], [[7, 33]], [[2, 130]]])('layerNorm of %j, also with a large common offset', (shape) => {
        const d = shape[shape.length - 1];
        for (const offset of [0, 300]) {
          const data = randoms(size(shape), d + offset, -2 + offset, 2 + offset);
          const g = randoms(d, 91), b = randoms(d, 92);
          const x = upload(shape, data), gamma = upload([d], g), beta = upload([d], b), out = output(shape);
          layerNorm(rt, x, gamma, beta, out, 1e-5);
          const want = new Float64Array(data.length);
          for (let r = 0; r < data.length / d; r++) {
            const row = Array.from(data.subarray(r * d, (r + 1) * d));
            const mean = row.reduce((s, v) => s + v, 0) / d;
            const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
            row.forEach((v, j) => {
              want[r * d + j] = ((v - mean) / Math.sqrt(variance + 1e-5)) * g[j] + b[j];
            });
          }
          // Normalized values are O(1); the offset costs float32 |offset|·2⁻²⁴/std ≈ 3e-5 relative.
          expectClose(`layerNorm offset ${offset}`, read(out), want, 1, offset ? 1e-4 : 2e-6, 0);
        }
      });
    });

    describe('gridSample', () => {
      const combos: GridSampleAttrs[] = (['bilinear', 'nearest'] as const).flatMap((mode) =>
        (['zeros', 'border'] as const).flatMap((padding) => [false, true].map((alignCorners) => ({ mode, padding, alignCorners }))));

      /** The contract's (PyTorch's) sampling in float64, with the pixel coordinate computed in float32 like the kernel. */
      function sampleReference(x: Float32Array, xs: number[], grid: Float32Array, gs: number[], a: GridSampleAttrs): Float64Array {
        const [n, c, h, w] = xs;
        const [, oh, ow] = gs;
        const f = Math.fround;
        const unnormalize = (v: number, s: number) => f(f(v * (a.alignCorners ? f((s - 1) / 2) : s / 2)) + (s - 1) / 2);
        const out = new Float64Array(n * c * oh * ow);
        for (let b = 0; b < n; b++) for (let p = 0; p < oh * ow; p++) {
          let ix = unnormalize(grid[(b * oh * ow + p) * 2], w);
          let iy = unnormalize(grid[(b * oh * ow + p) * 2 + 1], h);
          if (a.padding === 'border') {
            ix = Math.min(Math.max(ix, 0), w - 1);
            iy = Math.min(Math.max(iy, 0), h - 1);
          }
          const taps: [number, number, number][] = [];
          if (a.mode === 'nearest') {
            const even = (v: number) => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));
            taps.push([even(ix), even(iy), 1]);
          } else {
            const x0 = Math.floor(ix), y0 = Math.floor(iy), tx = ix - x0, ty = iy - y0;
            taps.push([x0, y0, (1 - tx) * (1 - ty)], [x0 + 1, y0, tx * (1 - ty)], [x0, y0 + 1, (1 - tx) * ty], [x0 + 1, y0 + 1, tx * ty]);
          }
          for (let ch = 0; ch < c; ch++) {
            let s = 0;
            for (const [tx, ty, wt] of taps) if (tx >= 0 && tx < w && ty >= 0 && ty < h) s += wt * x[((b * c + ch) * h + ty) * w + tx];
            out[((b * c + ch) * oh * ow) + p] = s;
          }
        }
        return out;
      }

      it.each(combos.map((a) => [a.mode, a.padding, a.alignCorners, a] as const))('%s, %s padding, alignCorners %s', (_m, _p, _a, attrs) => {
        const xs = [2, 3, 5, 6], gs = [2, 4, 7, 2];
        const xData = randoms(size(xs), 100);
        // Points past the edges (±1.3) exercise the padding modes; half-pixel points the rounding.
        const gData = randoms(size(gs), 101, -1.3, 1.3);
        // Exact half-pixel coordinates, where nearest must round half to even:
        // x = 0 → 2.5 (W = 6, both alignments); y = 0.2 → 2.5 (H = 5, not aligned); y = 0.25 → 2.5 (aligned).
        gData.set([0, 0.2, 0, 0.25], 0);
        const x = upload(xs, xData), grid = upload(gs, gData), out = output([2, 3, 4, 7]);
        gridSample(rt, x, grid, out, attrs);
        // Four float32 taps with weights ≤ 1 of values ≤ 1: a few ulp.
        expectClose('gridSample', read(out), sampleReference(xData, xs, gData, gs, attrs), 1, 2e-6, 0);
      });
    });
  });
});
