// Every primitive kernel against core's reference backend (float64 math) on
// random inputs, small shapes (lavapipe runs shaders on the CPU).
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS, randomValue } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend, randomData } from './helpers.js';
import { Twin } from './twin.js';

const { backend, reason } = await openBackend();
afterAll(() => backend?.dispose?.());

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const ints = (n: number, seed: number, lo: number, hi: number) => Array.from(randomData(n, seed, lo, hi), Math.floor);

describe.skipIf(!backend)(`webgpu primitives${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const tw = backend ? new Twin(backend) : (undefined as unknown as Twin);

  it('unary: every op on float32, including NaN, ±Inf, ±0 and halves', async () => {
    const data = [...randomData(500, 1, -6, 6), 0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2.5, -2.5, 0.5, 1e-4, -1e-4, 30, -30];
    const x = tw.put('float32', [data.length], data);
    for (const op of UNARY_OPS) {
      const out = tw.put(op === 'logicalNot' ? 'bool' : 'float32', [data.length]);
      tw.run((k, s) => k.unary(x[s], out[s], op, 0.2));
      // float32 transcendental built-ins (exp, log, sin, cos) are within a few ulps on Vulkan; our
      // erf/gelu/tanh/expm1/log1p series and NR erfc are within ~1e-7 relative; 4e-6 relative covers
      // both with margin, and 1e-6 absolute covers sin/cos near their zeros.
      await tw.expectClose(out, 1e-6, 4e-6, `unary ${op}`);
    }
  });

  it('unary: int32 ops wrap and float ops on ints truncate', async () => {
    const data = [...ints(300, 2, -50, 50), 2147483647, -2147483648];
    const x = tw.put('int32', [data.length], data);
    for (const op of ['neg', 'abs', 'sign', 'square', 'relu', 'floor', 'round', 'sqrt', 'logicalNot'] as const) {
      const out = tw.put(op === 'logicalNot' ? 'bool' : 'int32', [data.length]);
      tw.run((k, s) => k.unary(x[s], out[s], op, 0));
      // Integer results are exact; exp of ints up to 50 saturates identically.
      await tw.expectClose(out, 0, 0, `int unary ${op}`);
    }
  });

  it('binary: every op with broadcasting on float32 and int32', async () => {
    const shapes: [number[], number[], number[]][] = [
      [[3, 4, 5], [3, 4, 5], [3, 4, 5]],
      [[2, 1, 5], [4, 1], [2, 4, 5]],
      [[], [6, 7], [6, 7]],
    ];
    for (const [sa, sb, so] of shapes) {
      const ad = Array.from(randomData(size(sa), 3, -4, 4), (v, i) => (i % 7 === 0 ? Math.round(v) : v));
      const bd = Array.from(randomData(size(sb), 4, -4, 4), (v, i) => (i % 5 === 0 ? Math.round(v) : v));
      const af = tw.put('float32', sa, ad);
      const bf = tw.put('float32', sb, bd);
      const ai = tw.put('int32', sa, ints(size(sa), 5, -20, 20));
      const bi = tw.put('int32', sb, ints(size(sb), 6, -6, 7));
      for (const op of BINARY_OPS) {
        const boolOut = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor'].includes(op);
        const of = tw.put(boolOut ? 'bool' : 'float32', so);
        tw.run((k, s) => k.binary(af[s], bf[s], of[s], op));
        // pow goes through exp2(y·log2|x|): |y·log2 x| ≤ 8, so ~8 ulps; the rest are exact or 1 ulp.
        await tw.expectClose(of, 1e-6, op === 'pow' ? 2e-6 : 2e-7, `float ${op} ${JSON.stringify([sa, sb])}`);
        if (op === 'div') continue;
        const oi = tw.put(boolOut ? 'bool' : 'int32', so);
        tw.run((k, s) => k.binary(ai[s], bi[s], oi[s], op));
        await tw.expectClose(oi, 0, 0, `int ${op} ${JSON.stringify([sa, sb])}`);
      }
    }
  });

  it('binary: NaN rules of maximum/minimum/comparisons and floored mod signs', async () => {
    const a = [Number.NaN, 1, Number.NaN, -7, 7, -7.5, 0, 2];
    const b = [1, Number.NaN, Number.NaN, 3, -3, 2, 0, 0];
    const ta = tw.put('float32', [8], a);
    const tb = tw.put('float32', [8], b);
    for (const op of ['maximum', 'minimum', 'mod', 'ne', 'eq', 'lt', 'ge', 'pow'] as const) {
      const out = tw.put(['ne', 'eq', 'lt', 'ge'].includes(op) ? 'bool' : 'float32', [8]);
      tw.run((k, s) => k.binary(ta[s], tb[s], out[s], op));
      // pow(-7.5, 2) goes through exp2(2·log2 7.5): a few ulps, as in the test above.
      await tw.expectClose(out, 0, 2e-6, `edge ${op}`);
    }
  });

  it('where and cast between all dtypes', async () => {
    const cond = tw.put('bool', [4, 1], [1, 0, 1, 0]);
    const a = tw.put('float32', [4, 5], randomData(20, 7));
    const b = tw.put('float32', [5], randomData(5, 8));
    const out = tw.put('float32', [4, 5]);
    tw.run((k, s) => k.where(cond[s], a[s], b[s], out[s]));
    await tw.expectClose(out, 0, 0, 'where');
    const data = [...randomData(50, 9, -1e10, 1e10), 3.7, -3.7, 0, Number.NaN, 0.5];
    const f = tw.put('float32', [data.length], data);
    for (const to of ['int32', 'bool', 'float32'] as const) {
      const o = tw.put(to, [data.length]);
      tw.run((k, s) => k.cast(f[s], o[s]));
      await tw.expectClose(o, 0, 0, `cast float32→${to}`);
    }
    const i = tw.put('int32', [5], [-3, 0, 7, 2147483647, -2147483648]);
    for (const to of ['float32', 'bool'] as const) {
      const o = tw.put(to, [5]);
      tw.run((k, s) => k.cast(i[s], o[s]));
      await tw.expectClose(o, 0, 0, `cast int32→${to}`);
    }
  });

  it('reduce: every op over several axis sets, and empty reductions', async () => {
    const shape = [3, 50, 4];
    const x = tw.put('float32', shape, randomData(size(shape), 10, 0.5, 1.5));
    const xi = tw.put('int32', shape, ints(size(shape), 11, -3, 4));
    const xb = tw.put('bool', shape, ints(size(shape), 12, 0, 2));
    for (const axes of [[1], [0, 2], [0, 1, 2], []]) {
      const outShape = shape.filter((_, d) => !axes.includes(d));
      for (const op of REDUCE_OPS) {
        const o = tw.put(op === 'all' || op === 'any' ? 'bool' : 'float32', outShape);
        tw.run((k, s) => k.reduce(op === 'all' || op === 'any' ? xb[s] : x[s], o[s], op, axes));
        // Pairwise f32 sums over ≤ 600 terms: ~log2(600) ulps; prod of 600 values in [0.5,1.5] likewise.
        await tw.expectClose(o, 1e-6, 2e-6, `reduce ${op} ${JSON.stringify(axes)}`);
        if (op === 'all' || op === 'any') continue;
        const oi = tw.put('int32', outShape);
        tw.run((k, s) => k.reduce(xi[s], oi[s], op, axes));
        await tw.expectClose(oi, 0, 0, `int reduce ${op} ${JSON.stringify(axes)}`);
      }
    }
    const empty = tw.put('float32', [2, 0]);
    for (const op of REDUCE_OPS) {
      const o = tw.put(op === 'all' || op === 'any' ? 'bool' : 'float32', [2]);
      tw.run((k, s) => k.reduce(empty[s], o[s], op, [1]));
      await tw.expectClose(o, 0, 0, `empty ${op}`);
    }
  });

  it('argReduce: first max/min, NaN greater than everything', async () => {
    const data = Array.from(randomData(60, 13, -3, 3), (v, i) => (i % 17 === 3 ? Number.NaN : i % 9 === 0 ? 2 : Math.round(v)));
    const x = tw.put('float32', [3, 4, 5], data);
    for (const op of ['argmax', 'argmin'] as const) {
      for (const axis of [0, 1, 2]) {
        const shape = [3, 4, 5].filter((_, d) => d !== axis);
        const o = tw.put('int32', shape);
        tw.run((k, s) => k.argReduce(x[s], o[s], op, axis));
        await tw.expectClose(o, 0, 0, `${op} axis ${axis}`);
      }
    }
  });

  it('movement: transpose, slice with negative steps, pad, concat, expand', async () => {
    const x = tw.put('float32', [2, 3, 4], randomData(24, 14));
    const t = tw.put('float32', [4, 2, 3]);
    tw.run((k, s) => k.transpose(x[s], t[s], [2, 0, 1]));
    await tw.expectClose(t, 0, 0, 'transpose');
    const sl = tw.put('float32', [2, 2, 2]);
    tw.run((k, s) => k.slice(x[s], sl[s], [1, 2, 0], [-1, -1, 2]));
    await tw.expectClose(sl, 0, 0, 'slice');
    const xi = tw.put('int32', [2, 3], [1, 2, 3, 4, 5, 6]);
    const p = tw.put('int32', [4, 6]);
    tw.run((k, s) => k.pad(xi[s], p[s], [1, 2], -7));
    await tw.expectClose(p, 0, 0, 'pad');
    const y = tw.put('float32', [2, 1, 4], randomData(8, 15));
    const c = tw.put('float32', [2, 4, 4]);
    tw.run((k, s) => k.concat([x[s], y[s]], c[s], 1));
    await tw.expectClose(c, 0, 0, 'concat');
    const b = tw.put('bool', [3, 1], [1, 0, 1]);
    const e = tw.put('bool', [2, 3, 5]);
    tw.run((k, s) => k.expand(b[s], e[s]));
    await tw.expectClose(e, 0, 0, 'expand bool');
  });

  it('gather (0 for out-of-range indices) and scatterAdd (skips them)', async () => {
    const x = tw.put('float32', [3, 5, 2], randomData(30, 16));
    const idx = tw.put('int32', [2, 3], [4, 0, -1, 5, 2, 2]);
    const g = tw.put('float32', [3, 2, 3, 2]);
    tw.run((k, s) => k.gather(x[s], idx[s], g[s], 1));
    await tw.expectClose(g, 0, 0, 'gather');
    const upd = tw.put('float32', [3, 2, 3, 2], randomData(36, 17));
    const sc = tw.put('float32', [3, 5, 2]);
    tw.run((k, s) => k.scatterAdd(idx[s], upd[s], sc[s], 1));
    // Two updates may land on one element (index 2 twice), summed in either order: 1 ulp.
    await tw.expectClose(sc, 1e-7, 2e-7, 'scatterAdd');
    const updi = tw.put('int32', [3, 2, 3, 2], ints(36, 18, -9, 9));
    const sci = tw.put('int32', [3, 5, 2]);
    tw.run((k, s) => k.scatterAdd(idx[s], updi[s], sci[s], 1));
    await tw.expectClose(sci, 0, 0, 'scatterAdd int32');
  });

  it('matmul: batched with broadcast batch dims and every transpose combination', async () => {
    for (const [M, K, N] of [[33, 17, 45], [1, 70, 3], [64, 64, 64], [5, 0, 4]]) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = tw.put('float32', transA ? [2, 1, K, M] : [2, 1, M, K], randomData(2 * M * K, M + K));
        const b = tw.put('float32', transB ? [3, N, K] : [3, K, N], randomData(3 * K * N, K + N));
        const o = tw.put('float32', [2, 3, M, N]);
        tw.run((k, s) => k.matmul(a[s], b[s], o[s], transA, transB));
        // float32 accumulation of K ≤ 70 products of values in [-1, 1): error ≤ K·2^-24·Σ|ab| ≈ 3e-4 worst, far less typical.
        await tw.expectClose(o, 1e-5, 1e-5, `matmul ${M}x${K}x${N} ${transA} ${transB}`);
      }
    }
  });

  it('random: Philox bits identical to the core reference; normal within float32 rounding', async () => {
    const n = 5003;
    for (const kind of ['uniform', 'bernoulli', 'normal'] as const) {
      for (const [a, b] of kind === 'bernoulli' ? [[0.3, 0], [0.75, 0]] : [[-2, 3], [0, 1], [0.1, 0.7]]) {
        const attrs = { kind, key0: 0x9e3779b9, key1: 42, offset: 2 ** 32 - 1000, a, b };
        const out = tw.gpu.put('float32', [n]);
        backend?.kernels.random(out, attrs);
        const got = await tw.gpu.get(out);
        const want = Array.from({ length: n }, (_, i) => Math.fround(randomValue(kind, attrs.key0, attrs.key1, attrs.offset, i, a, b)));
        // uniform and bernoulli are exact; normal uses float32 log/cos/sqrt (a few ulps of factors up to ~5.5, times b ≤ 3).
        const bad = got.findIndex((g, i) => Math.abs(g - want[i]) > (kind === 'normal' ? 2e-5 * Math.abs(b) + 1e-6 : 0));
        expect(bad, `${kind}(${a}, ${b}) at ${bad}: got ${got[bad]}, want ${want[bad]}`).toBe(-1);
      }
    }
  });

  it('fill writes every element of every dtype', async () => {
    for (const [dtype, value] of [['float32', -1.25], ['int32', 7.9], ['bool', 1]] as const) {
      const out = tw.put(dtype, [3001]);
      tw.run((k, s) => k.fill(out[s], value));
      await tw.expectClose(out, 0, 0, `fill ${dtype}`);
    }
  });
});
