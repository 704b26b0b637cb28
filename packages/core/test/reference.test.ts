// The reference backend against small cases computed by hand (the kit then
// compares every other backend with it, so it must be right on its own).
import { describe, expect, it } from 'vitest';
import type { Backend, KernelTable, TensorInfo } from '../src/backend/contract.js';
import type { DataArray, DType } from '../src/dtype.js';
import { BackendError, DTypeError, ShapeError } from '../src/errors.js';
import { randomValue } from '../src/random/philox.js';
import { createReferenceBackend } from '../src/reference/index.js';
import { erf, roundHalfEven } from '../src/reference/scalar-math.js';
import { sizeOf } from '../src/shape.js';

const ref: Backend = createReferenceBackend();

function input(data: number[], shape: number[], dtype: DType = 'float32'): TensorInfo {
  const size = sizeOf(shape);
  const h = ref.alloc(dtype, size);
  const arr = dtype === 'float32' ? Float32Array.from(data) : dtype === 'int32' ? Int32Array.from(data) : Uint8Array.from(data);
  ref.write(h, arr);
  return { handle: h, shape, dtype };
}

function output(shape: number[], dtype: DType = 'float32'): TensorInfo {
  return { handle: ref.alloc(dtype, sizeOf(shape)), shape, dtype };
}

/** Reads `out` as plain numbers and frees every given buffer. */
function take(out: TensorInfo, ...others: TensorInfo[]): number[] {
  const data: DataArray = ref.readSync!(out.handle);
  for (const t of [out, ...others]) ref.free(t.handle);
  return Array.from(data);
}

// The reference implements every fused kernel too.
const k = ref.kernels as Required<KernelTable>;

describe('reference backend: memory', () => {
  it('counts live bytes and buffers and rejects reuse after free', async () => {
    const start = ref.memory();
    const h = ref.alloc('float32', 3);
    const b = ref.alloc('bool', 5);
    expect(ref.memory()).toEqual({ bytes: start.bytes + 17, buffers: start.buffers + 2 });
    ref.write(h, new Float32Array([1, 2, 3]));
    expect(Array.from(await ref.read(h))).toEqual([1, 2, 3]);
    expect(() => ref.write(h, new Float32Array(2))).toThrow(ShapeError);
    expect(() => ref.write(h, new Int32Array(3))).toThrow(DTypeError);
    ref.free(h);
    ref.free(b);
    expect(ref.memory()).toEqual(start);
    expect(() => ref.free(h)).toThrow(BackendError);
    expect(() => ref.readSync!(h)).toThrow(/already freed/);
    await expect(ref.read({})).rejects.toThrow(/not a buffer of the reference backend/);
  });

  it('checks a kernel argument against its buffer', () => {
    const x = input([1, 2, 3], [3]);
    const out = output([3]);
    expect(() => k.unary({ ...x, shape: [4] }, out, 'neg', 0)).toThrow(/'x' has shape \[4\] \(4 elements\) but its buffer holds 3/);
    expect(() => k.unary({ ...x, dtype: 'int32' }, { ...out, dtype: 'int32' }, 'neg', 0)).toThrow(DTypeError);
    take(out, x);
  });
});

describe('reference backend: elementwise', () => {
  it('computes unary ops, rounding half to even', () => {
    const x = input([-2.5, -0.5, 0.5, 1.5, 2.5], [5]);
    const out = output([5]);
    k.unary(x, out, 'round', 0);
    expect(take(out)).toEqual([-2, -0, 0, 2, 2]);
    const out2 = output([5]);
    k.unary(x, out2, 'leakyRelu', 0.1);
    expect(take(out2, x)).toEqual([-0.25, -0.05, 0.5, 1.5, 2.5].map(Math.fround));
  });

  it('has an erf accurate to float64 (checked against published values)', () => {
    // Abramowitz & Stegun table 7.1 values.
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 15);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 14);
    expect(roundHalfEven(-3.5)).toBe(-4);
  });

  it('wraps int32 arithmetic and keeps integer ops exact', () => {
    const a = input([2147483647, -7, 7, 3, -3], [5], 'int32');
    const b = input([1, 3, -3, 4, 3], [5], 'int32');
    const cases: [Parameters<typeof k.binary>[3], number[]][] = [
      ['add', [-2147483648, -4, 4, 7, 0]],
      ['mod', [0, 2, -2, 3, 0]],
      ['pow', [2147483647, -343, 0, 81, -27]],
      ['mul', [2147483647, -21, -21, 12, -9]],
    ];
    for (const [op, expected] of cases) {
      const out = output([5], 'int32');
      k.binary(a, b, out, op);
      expect(take(out), op).toEqual(expected);
    }
    take(a, b);
  });

  it('broadcasts both sides, floored float mod and comparisons to bool', () => {
    const a = input([-1, 5], [2, 1]);
    const b = input([3, -3, 2], [3]);
    const out = output([2, 3]);
    k.binary(a, b, out, 'mod');
    expect(take(out)).toEqual([2, -1, 1, 2, -1, 1]);
    const gt = output([2, 3], 'bool');
    k.binary(a, b, gt, 'gt');
    expect(take(gt, a, b)).toEqual([0, 1, 0, 1, 1, 1]);
  });

  it('selects with where and casts with truncation and saturation', () => {
    const cond = input([1, 0], [2], 'bool');
    const a = input([1, 2, 3, 4], [2, 2]);
    const b = input([-1], [1]);
    const out = output([2, 2]);
    k.where(cond, a, b, out);
    expect(take(out, cond, a, b)).toEqual([1, -1, 3, -1]);
    const x = input([1.7, -1.7, 0, 3e9, Number.NaN], [5]);
    const ints = output([5], 'int32');
    k.cast(x, ints);
    expect(take(ints)).toEqual([1, -1, 0, 2147483647, 0]);
    const bools = output([5], 'bool');
    k.cast(x, bools);
    expect(take(bools, x)).toEqual([1, 1, 0, 1, 1]);
  });
});

describe('reference backend: reductions', () => {
  it('reduces chosen axes and handles empty reductions', () => {
    const x = input([1, 2, 3, 4, 5, 6], [2, 3]);
    const rows = output([2]);
    k.reduce(x, rows, 'sum', [1]);
    expect(take(rows)).toEqual([6, 15]);
    const cols = output([3]);
    k.reduce(x, cols, 'prod', [0]);
    expect(take(cols, x)).toEqual([4, 10, 18]);
    const empty = input([], [0, 2]);
    for (const [op, v] of [['sum', 0], ['prod', 1], ['max', -Infinity], ['min', Infinity]] as const) {
      const out = output([2]);
      k.reduce(empty, out, op, [0]);
      expect(take(out), op).toEqual([v, v]);
    }
    take(empty);
  });

  it('finds the first extreme index; NaN beats everything for argmax only', () => {
    const x = input([1, 3, 3, Number.NaN, 0, 2, Number.NaN, 0], [2, 4]);
    const amax = output([2], 'int32');
    k.argReduce(x, amax, 'argmax', 1);
    expect(take(amax)).toEqual([3, 2]);
    const amin = output([2], 'int32');
    k.argReduce(x, amin, 'argmin', 1);
    expect(take(amin)).toEqual([0, 0]);
    const cols = output([4], 'int32');
    k.argReduce(x, cols, 'argmax', 0);
    expect(take(cols, x)).toEqual([0, 0, 1, 0]);
  });
});

describe('reference backend: movement and indexing', () => {
  it('transposes, slices with negative steps, pads and concatenates', () => {
    const x = input([1, 2, 3, 4, 5, 6], [2, 3]);
    const t = output([3, 2]);
    k.transpose(x, t, [1, 0]);
    expect(take(t)).toEqual([1, 4, 2, 5, 3, 6]);
    const s = output([2, 2]);
    k.slice(x, s, [1, 2], [-1, -2]);
    expect(take(s)).toEqual([6, 4, 3, 1]);
    const p = output([3, 4]);
    k.pad(x, p, [1, 0], 9);
    expect(take(p)).toEqual([9, 9, 9, 9, 1, 2, 3, 9, 4, 5, 6, 9]);
    const y = input([7, 8], [2, 1]);
    const c = output([2, 4]);
    k.concat([x, y], c, 1);
    expect(take(c, x, y)).toEqual([1, 2, 3, 7, 4, 5, 6, 8]);
  });

  it('gathers (0 for out-of-range) and scatter-adds (skipping them)', () => {
    const x = input([1, 2, 3, 4, 5, 6], [3, 2]);
    const idx = input([2, -1, 0, 3, 2], [5], 'int32');
    const g = output([5, 2]);
    k.gather(x, idx, g, 0);
    expect(take(g)).toEqual([5, 6, 0, 0, 1, 2, 0, 0, 5, 6]);
    const updates = input([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], [5, 2]);
    const sc = output([3, 2]);
    k.scatterAdd(idx, updates, sc, 0);
    expect(take(sc, x, idx, updates)).toEqual([3, 3, 0, 0, 6, 6]);
  });
});

describe('reference backend: matmul', () => {
  it('multiplies 2x3 by 3x2 as done by hand, with every transpose flag', () => {
    // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    const a = input([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = input([7, 8, 9, 10, 11, 12], [3, 2]);
    const aT = input([1, 4, 2, 5, 3, 6], [3, 2]);
    const bT = input([7, 9, 11, 8, 10, 12], [2, 3]);
    for (const [lhs, rhs, ta, tb] of [[a, b, false, false], [aT, b, true, false], [a, bT, false, true], [aT, bT, true, true]] as const) {
      const out = output([2, 2]);
      k.matmul(lhs, rhs, out, ta, tb);
      expect(take(out), `transA ${ta} transB ${tb}`).toEqual([58, 64, 139, 154]);
    }
    take(a, b, aT, bT);
  });

  it('broadcasts batch dims', () => {
    const a = input([1, 0, 0, 1, 2, 0, 0, 2], [2, 1, 2, 2]);
    const b = input([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 2, 2]);
    const out = output([2, 3, 2, 2]);
    k.matmul(a, b, out, false, false);
    const got = take(out, a, b);
    expect(got.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(got.slice(12)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
  });
});

describe('reference backend: fused kernels', () => {
  const unitConv = { stride: [1, 1] as [number, number], pad: [0, 0, 0, 0] as [number, number, number, number], dilation: [1, 1] as [number, number], groups: 1 };

  it('convolves a 3x3 image with a 2x2 filter as done by hand, and its gradients', () => {
    // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]]: out[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere.
    const x = input([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = input([1, 0, 0, -1], [1, 1, 2, 2]);
    const y = output([1, 1, 2, 2]);
    k.conv2d(x, w, y, unitConv);
    expect(take(y)).toEqual([-4, -4, -4, -4]);
    // dx with dy = ones: each x pixel gets Σ of the filter taps that read it.
    const dy = input([1, 1, 1, 1], [1, 1, 2, 2]);
    const dx = output([1, 1, 3, 3]);
    k.conv2dBackpropInput(dy, w, dx, unitConv);
    expect(take(dx)).toEqual([1, 1, 0, 1, 0, -1, 0, -1, -1]);
    // dw[i][j] = Σ of the 2x2 block of x starting at (i, j).
    const dw = output([1, 1, 2, 2]);
    k.conv2dBackpropFilter(x, dy, dw, unitConv);
    expect(take(dw, x, w, dy)).toEqual([12, 16, 24, 28]);
  });

  it('applies stride, padding and dilation', () => {
    // 1x1x3x3 ones, 2x2 ones filter, pad 1, stride 2, dilation 2 → taps at offsets 0 and 2.
    const x = input([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = input([1, 1, 1, 1], [1, 1, 2, 2]);
    const y = output([1, 1, 2, 2]);
    k.conv2d(x, w, y, { stride: [2, 2], pad: [1, 1, 1, 1], dilation: [2, 2], groups: 1 });
    // out(0,0) reads x(-1,-1),x(-1,1),x(1,-1),x(1,1) = 5; out(0,1) reads x(1,1),x(1,3)... = 5;
    // out(1,0) reads x(1,1)=5 and x(1,-1),x(3,·) outside → 5; out(1,1) = x(1,1) = 5.
    expect(take(y, x, w)).toEqual([5, 5, 5, 5]);
  });

  it('keeps groups apart', () => {
    // Two channels, groups 2, 1x1 filters [2], [3]: channel-wise scaling.
    const x = input([1, 2, 3, 4], [1, 2, 1, 2]);
    const w = input([2, 3], [2, 1, 1, 1]);
    const y = output([1, 2, 1, 2]);
    k.conv2d(x, w, y, { ...unitConv, groups: 2 });
    expect(take(y, x, w)).toEqual([2, 4, 9, 12]);
  });

  it('max and average pools with padding, and routes gradients', () => {
    const x = input([1, 5, 2, 4, 3, 6, 9, 8, 7], [1, 1, 3, 3]);
    const attrs = { kernel: [2, 2] as [number, number], stride: [2, 2] as [number, number], pad: [1, 0, 1, 0] as [number, number, number, number], countIncludePad: false };
    const mx = output([1, 1, 2, 2]);
    k.maxPool2d(x, mx, attrs);
    // windows: {1}, {5,2}, {4,9}, {3,6,8,7}
    expect(take(mx)).toEqual([1, 5, 9, 8]);
    const avg = output([1, 1, 2, 2]);
    k.avgPool2d(x, avg, attrs);
    expect(take(avg)).toEqual([1, 3.5, 6.5, 6]);
    const avgPad = output([1, 1, 2, 2]);
    k.avgPool2d(x, avgPad, { ...attrs, countIncludePad: true });
    expect(take(avgPad)).toEqual([0.25, 1.75, 3.25, 6]);
    const dy = input([1, 2, 3, 4], [1, 1, 2, 2]);
    const dx = output([1, 1, 3, 3]);
    k.maxPool2dBackward(dy, x, dx, attrs);
    expect(take(dx)).toEqual([1, 2, 0, 0, 0, 0, 3, 4, 0]);
    const dxAvg = output([1, 1, 3, 3]);
    k.avgPool2dBackward(dy, dxAvg, attrs);
    expect(take(dxAvg, x, dy)).toEqual([1, 1, 1, 1.5, 1, 1, 1.5, 1, 1]);
  });

  it('computes softmax, log-softmax, batch norm and layer norm', () => {
    const x = input([0, Math.log(3), 1, 1], [2, 2]);
    const sm = output([2, 2]);
    k.softmax(x, sm);
    expect(take(sm)).toEqual([0.25, 0.75, 0.5, 0.5].map(Math.fround));
    const lsm = output([2, 2]);
    k.logSoftmax(x, lsm);
    expect(take(lsm, x).map((v) => Number(v.toFixed(6)))).toEqual([Math.log(0.25), Math.log(0.75), Math.log(0.5), Math.log(0.5)].map((v) => Number(v.toFixed(6))));

    // batchNorm: x [1, 2, 2], channel 0: (x - 1) / sqrt(4) * 2 + 1; channel 1: (x - 0) / 1 * 1 + 0.
    const bx = input([3, 5, 7, 9], [1, 2, 2]);
    const [mean, variance, gamma, beta] = [input([1, 0], [2]), input([4, 1], [2]), input([2, 1], [2]), input([1, 0], [2])];
    const bn = output([1, 2, 2]);
    k.batchNorm(bx, mean, variance, gamma, beta, bn, 0);
    expect(take(bn, bx, mean, variance, gamma, beta)).toEqual([3, 5, 7, 9]);

    // layerNorm of [1, 3]: mean 2, biased var 1 → [-1, 1]; gamma [2, 3], beta [0, 1] → [-2, 4].
    const lx = input([1, 3], [1, 2]);
    const lg = input([2, 3], [2]);
    const lb = input([0, 1], [2]);
    const ln = output([1, 2]);
    k.layerNorm(lx, lg, lb, ln, 0);
    expect(take(ln, lx, lg, lb)).toEqual([-2, 4]);
  });

  it('grid-samples: the identity grid returns the input in every mode', () => {
    const h = 3;
    const w = 4;
    const pixels = Array.from({ length: h * w }, (_, i) => i * 1.5 - 4);
    const x = input(pixels, [1, 1, h, w]);
    for (const alignCorners of [false, true]) {
      const grid: number[] = [];
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          // Pixel centers in normalized coordinates.
          grid.push(alignCorners ? (2 * j) / (w - 1) - 1 : (2 * j + 1) / w - 1, alignCorners ? (2 * i) / (h - 1) - 1 : (2 * i + 1) / h - 1);
        }
      const g = input(grid, [1, h, w, 2]);
      for (const mode of ['bilinear', 'nearest'] as const)
        for (const padding of ['zeros', 'border'] as const) {
          const out = output([1, 1, h, w]);
          k.gridSample(x, g, out, { mode, padding, alignCorners });
          const got = take(out);
          got.forEach((v, i) => expect(v, `${mode} ${padding} alignCorners ${alignCorners} @${i}`).toBeCloseTo(pixels[i], 5));
        }
      take(g);
    }
    take(x);
  });

  it('grid-samples outside the image: zeros vs border, bilinear halfway', () => {
    // 1x1x1x2 image [10, 20]; alignCorners false: x = -1 is the left edge (-0.5 px).
    const x = input([10, 20], [1, 1, 1, 2]);
    const g = input([-1, 0, 0, 0, 3, 0], [1, 1, 3, 2]);
    const zeros = output([1, 1, 1, 3]);
    k.gridSample(x, g, zeros, { mode: 'bilinear', padding: 'zeros', alignCorners: false });
    // -0.5 px: half of pixel 0; 0.5 px: halfway 15; 3.5 px: outside.
    expect(take(zeros)).toEqual([5, 15, 0]);
    const border = output([1, 1, 1, 3]);
    k.gridSample(x, g, border, { mode: 'bilinear', padding: 'border', alignCorners: false });
    expect(take(border, x, g)).toEqual([10, 15, 20]);
  });
});

describe('reference backend: random', () => {
  it('matches randomValue element by element, including across the 2^32 counter boundary', () => {
    const out = output([6]);
    const attrs = { kind: 'normal' as const, key0: 7, key1: 9, offset: 2 ** 32 - 3, a: 1, b: 2 };
    k.random(out, attrs);
    const expected = Array.from({ length: 6 }, (_, i) => Math.fround(randomValue('normal', 7, 9, 2 ** 32 - 3, i, 1, 2)));
    expect(take(out)).toEqual(expected);
  });

  it('fills and draws bernoulli as 0/1 with about the given rate', () => {
    const out = output([2000]);
    k.random(out, { kind: 'bernoulli', key0: 1, key1: 2, offset: 0, a: 0.3, b: 0 });
    const got = take(out);
    expect(got.every((v) => v === 0 || v === 1)).toBe(true);
    const rate = got.reduce((s, v) => s + v, 0) / got.length;
    // Binomial σ = sqrt(0.3·0.7/2000) ≈ 0.01; 5σ bound.
    expect(Math.abs(rate - 0.3)).toBeLessThan(0.05);
    const f = output([3], 'bool');
    k.fill(f, 5);
    expect(take(f)).toEqual([1, 1, 1]);
  });
});
