// Every primitive kernel of the wasm backend against plain float64 loops, on
// random inputs, with 1 and 2 threads (sizes include ones large enough to be
// split between threads).
import { BINARY_OPS, type BinaryOp, REDUCE_OPS, UNARY_OPS, type UnaryOp, randomValue } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { binary, cast, fill, unary, where } from '../src/kernels/elementwise.js';
import { gather, scatterAdd } from '../src/kernels/indexing.js';
import { concat, expand, pad, slice, transpose } from '../src/kernels/movement.js';
import { random } from '../src/kernels/random.js';
import { argReduce, reduce } from '../src/kernels/reduce.js';
import { createRuntime } from '../src/runtime.js';
import { BUILD } from './build.js';
import { Tensors, randomData, worstError } from './helpers.js';
import { broadcastBinary, broadcastIndex, reduceLoop, sizeOfShape, stridesOf, unravel } from './reference-loops.js';

/** float64 erf (Maclaurin series below 3, asymptotic erfc above), accurate to ~1e-15 where used. */
function erf64(x: number): number {
  const t = Math.abs(x);
  if (t < 3) {
    let s = 0;
    let term = t;
    for (let n = 0; n < 120; n++) {
      s += term / (2 * n + 1);
      term *= (-t * t) / (n + 1);
    }
    return (Math.sign(x) * 2 * s) / Math.sqrt(Math.PI);
  }
  let sum = 1;
  let term = 1;
  for (let n = 1; n < 8; n++) {
    term *= -(2 * n - 1) / (2 * t * t);
    sum += term;
  }
  return Math.sign(x) * (1 - (Math.exp(-t * t) / (t * Math.sqrt(Math.PI))) * sum);
}

const roundHalfEven = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

const UNARY_REF: Record<Exclude<UnaryOp, 'logicalNot'>, (x: number, alpha: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sign: Math.sign, exp: Math.exp, log: Math.log, log1p: Math.log1p, expm1: Math.expm1,
  sqrt: Math.sqrt, rsqrt: (x) => 1 / Math.sqrt(x), square: (x) => x * x, reciprocal: (x) => 1 / x, sin: Math.sin,
  cos: Math.cos, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)), relu: (x) => Math.max(x, 0),
  leakyRelu: (x, a) => (x > 0 ? x : a * x), elu: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
  // x Φ(x) → 0 as x → -∞ (the naive formula would give -Inf · 0 = NaN there).
  gelu: (x) => (x === -Infinity ? 0 : 0.5 * x * (1 + erf64(x / Math.SQRT2))), softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  erf: erf64, floor: Math.floor, ceil: Math.ceil, round: roundHalfEven,
};

const BINARY_REF: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow,
  maximum: Math.max, minimum: Math.min, mod: (a, b) => a - Math.floor(a / b) * b,
  eq: (a, b) => +(a === b), ne: (a, b) => +(a !== b), lt: (a, b) => +(a < b), le: (a, b) => +(a <= b),
  gt: (a, b) => +(a > b), ge: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(!!a && !!b), logicalOr: (a, b) => +(!!a || !!b), logicalXor: (a, b) => +(!!a !== !!b),
};

const COMPARE = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const LOGIC = new Set<BinaryOp>(['logicalAnd', 'logicalOr', 'logicalXor']);
const INT_BINARY = new Set<BinaryOp>(['add', 'sub', 'mul', 'maximum', 'minimum', 'mod', ...COMPARE]);

/** Broadcast cases: same shape, scalar operand, row, column, general, and one big enough for 2 threads. */
const SHAPES: [number[], number[], number[]][] = [
  [[37, 41], [37, 41], [37, 41]],
  [[37, 41], [1], [37, 41]],
  [[1], [5, 7], [5, 7]],
  [[37, 41], [41], [37, 41]],
  [[37, 1], [37, 41], [37, 41]],
  [[3, 1, 5], [1, 4, 1], [3, 4, 5]],
  [[2, 3, 4, 5], [3, 1, 5], [2, 3, 4, 5]],
  [[250, 301], [301], [250, 301]],
];

/** Integers in [-9, 9], many repeats so comparisons see equal pairs. */
const smallInts = (n: number, seed: number) => Array.from(randomData(n, seed, -9, 10), Math.floor);

for (const threads of [1, 2]) {
  describe(`wasm primitives, ${BUILD}, ${threads} thread(s)`, async () => {
    const rt = await createRuntime({ build: BUILD, threads });
    const ts = new Tensors(rt);
    afterAll(() => {
      ts.releaseAll();
      rt.dispose();
    });

    it('runs with the requested thread count', () => {
      expect(rt.threads).toBe(threads);
    });

    it('unary float32: every op within 1e-5 relative of float64 (plus edge values)', () => {
      const edge = [0, -0, 1e-6, -1e-6, 1e-20, 30, -30, 88, -90, 100, Infinity, -Infinity, Number.NaN, 0.5, 1.5, 2.5, -2.5, 1e-40];
      const data = [...randomData(40000, 7, -12, 12), ...edge];
      const x = ts.put('float32', [data.length], data);
      const xs = ts.get(x);
      for (const op of UNARY_OPS) {
        if (op === 'logicalNot') continue;
        const out = ts.put('float32', [data.length]);
        unary(rt, x, out, op, 0.1);
        const want = Array.from(xs, (v) => Math.fround(UNARY_REF[op](v, Math.fround(0.1))));
        // Polynomial approximations are within a few float32 ulps (~1e-6 relative); erf and gelu are
        // accurate to ~2e-7 absolute, hence atol. Edge values (Inf, NaN, 0, subnormals) must match exactly.
        const { ratio, at } = worstError(ts.get(out), want, 1e-6, 1e-5);
        expect(ratio, `${op} at x=${xs[at]}: got ${ts.get(out)[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
      }
    });

    it('unary int32 ops and logicalNot', () => {
      const data = smallInts(50001, 3);
      const x = ts.put('int32', [data.length], data);
      const ref: Record<string, (v: number) => number> = {
        neg: (v) => -v, abs: Math.abs, sign: Math.sign, square: (v) => v * v, floor: (v) => v, ceil: (v) => v, round: (v) => v, relu: (v) => Math.max(v, 0),
      };
      for (const [op, fn] of Object.entries(ref)) {
        const out = ts.put('int32', [data.length]);
        unary(rt, x, out, op as UnaryOp, 0);
        expect(Array.from(ts.get(out)), op).toEqual(data.map((v) => fn(v) | 0));
      }
      const b = ts.put('bool', [data.length], data.map((v) => +(v > 0)));
      const nb = ts.put('bool', [data.length]);
      unary(rt, b, nb, 'logicalNot', 0);
      expect(Array.from(ts.get(nb))).toEqual(data.map((v) => +!(v > 0)));
    });

    it('binary float32: every op and broadcast pattern', () => {
      for (const [sa, sb, so] of SHAPES) {
        const a = ts.put('float32', sa, randomData(sizeOfShape(sa), 11, -4, 4));
        const b = ts.put('float32', sb, randomData(sizeOfShape(sb), 12, -4, 4));
        // Some equal pairs so eq/le/ge see ties.
        const av = ts.get(a);
        const bv = ts.get(b);
        for (const op of BINARY_OPS) {
          if (LOGIC.has(op)) continue;
          const cmp = COMPARE.has(op);
          const out = ts.put(cmp ? 'bool' : 'float32', so);
          binary(rt, a, b, out, op);
          const want = broadcastBinary(av, sa, bv, sb, so, (x, y) => Math.fround(BINARY_REF[op](x, y)));
          // pow goes through exp(b·log|a|): ~|b log a| · 6e-8 relative (≤ 1e-5 here); others are exact or 1-ulp.
          const { ratio, at } = worstError(ts.get(out), want, 1e-6, op === 'pow' ? 3e-5 : 1e-6);
          expect(ratio, `${op} ${JSON.stringify([sa, sb])} at ${at}: got ${ts.get(out)[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
        }
      }
    });

    it('binary int32 and bool ops with broadcasting', () => {
      for (const [sa, sb, so] of SHAPES) {
        const ad = smallInts(sizeOfShape(sa), 5);
        const bd = smallInts(sizeOfShape(sb), 6);
        const a = ts.put('int32', sa, ad);
        const b = ts.put('int32', sb, bd);
        for (const op of INT_BINARY) {
          const out = ts.put(COMPARE.has(op) ? 'bool' : 'int32', so);
          binary(rt, a, b, out, op);
          const ref = op === 'mod' ? (x: number, y: number) => (y === 0 ? 0 : ((x % y) + y) % y) : BINARY_REF[op];
          expect(Array.from(ts.get(out)), `${op} ${JSON.stringify([sa, sb])}`).toEqual(broadcastBinary(ad, sa, bd, sb, so, (x, y) => ref(x, y) | 0));
        }
        const ab = ad.map((v) => +(v > 0));
        const bb = bd.map((v) => +(v < 2));
        const ba = ts.put('bool', sa, ab);
        const bbt = ts.put('bool', sb, bb);
        for (const op of [...LOGIC, 'eq', 'lt'] as BinaryOp[]) {
          const out = ts.put('bool', so);
          binary(rt, ba, bbt, out, op);
          expect(Array.from(ts.get(out)), `${op} bool ${JSON.stringify([sa, sb])}`).toEqual(broadcastBinary(ab, sa, bb, sb, so, BINARY_REF[op]));
        }
      }
    });

    it('where with broadcasting, float32 and bool payloads', () => {
      const shapes = [[[37, 41], [41], [37, 1], [37, 41]], [[1], [200, 300], [300], [200, 300]], [[4, 1, 6], [5, 1], [1], [4, 5, 6]]];
      for (const [sc, sa, sb, so] of shapes) {
        const cd = Array.from(randomData(sizeOfShape(sc), 1, 0, 1), (v) => +(v > 0.5));
        const c = ts.put('bool', sc, cd);
        const ad = randomData(sizeOfShape(sa), 2);
        const bd = randomData(sizeOfShape(sb), 3);
        const out = ts.put('float32', so);
        where(rt, c, ts.put('float32', sa, ad), ts.put('float32', sb, bd), out);
        const want = Array.from({ length: sizeOfShape(so) }, (_, i) => {
          const idx = unravel(i, so);
          return cd[broadcastIndex(idx, sc)] ? ad[broadcastIndex(idx, sa)] : bd[broadcastIndex(idx, sb)];
        });
        expect(Array.from(ts.get(out))).toEqual(want);
        const outB = ts.put('bool', so);
        const abd = Array.from(ad, (v) => +(v > 0));
        where(rt, c, ts.put('bool', sa, abd), ts.put('bool', sb, Array.from(bd, (v) => +(v > 0))), outB);
        expect(Array.from(ts.get(outB))).toEqual(want.map((v) => +(v > 0)));
      }
    });

    it('cast between all dtypes', () => {
      const data = [...randomData(40001, 9, -5, 5), 0, -0, Number.NaN, 2.5, -2.5];
      const f = ts.put('float32', [data.length], data);
      const fv = Array.from(ts.get(f));
      const i = ts.put('int32', [data.length]);
      cast(rt, f, i);
      expect(Array.from(ts.get(i))).toEqual(fv.map((v) => Math.trunc(v) | 0));
      const b = ts.put('bool', [data.length]);
      cast(rt, f, b);
      expect(Array.from(ts.get(b))).toEqual(fv.map((v) => +(v !== 0)));
      const f2 = ts.put('float32', [data.length]);
      cast(rt, i, f2);
      expect(Array.from(ts.get(f2))).toEqual(fv.map((v) => Math.trunc(v) | 0));
      const b2 = ts.put('bool', [data.length]);
      cast(rt, i, b2);
      expect(Array.from(ts.get(b2))).toEqual(fv.map((v) => +((Math.trunc(v) | 0) !== 0)));
      for (const to of ['float32', 'int32', 'bool'] as const) {
        const o = ts.put(to, [data.length]);
        cast(rt, b, o);
        expect(Array.from(ts.get(o)), `bool → ${to}`).toEqual(fv.map((v) => +(v !== 0)));
      }
    });

    it('reduce: every op over many axis sets (contiguous, strided and transposed plans)', () => {
      const shape = [6, 7, 8, 9];
      const data = randomData(sizeOfShape(shape), 21, -1.5, 1.5);
      const x = ts.put('float32', shape, data);
      const xi = ts.put('int32', shape, smallInts(sizeOfShape(shape), 22).map((v) => (v % 3) + 1));
      const xb = ts.put('bool', shape, Array.from(data, (v) => +(v > -1.2)));
      const axesSets = [[3], [0], [1, 2], [0, 2], [1, 3], [0, 1, 2, 3], [0, 3], [2]];
      const inits: Record<string, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity, all: 1, any: 0 };
      const fns: Record<string, (a: number, v: number) => number> = {
        sum: (a, v) => a + v, prod: (a, v) => a * v, max: Math.max, min: Math.min, all: (a, v) => +(a && v !== 0), any: (a, v) => +(a || v !== 0),
      };
      for (const axes of axesSets) {
        const outShape = shape.filter((_, d) => !axes.includes(d));
        const reducedCount = axes.reduce((p, d) => p * shape[d], 1);
        for (const op of REDUCE_OPS) {
          const logical = op === 'all' || op === 'any';
          const src = logical ? xb : x;
          const out = ts.put(logical ? 'bool' : 'float32', outShape);
          reduce(rt, src, out, op, axes);
          const want = reduceLoop(ts.get(src), shape, axes, inits[op], fns[op]);
          // float32 accumulation of ≤ 3024 terms of |x| ≤ 1.5: the error bound n·eps·Σ|x| is ≤ 6e-4
          // absolute; products of up to 3024 factors of |x| ≤ 1.5 get rtol (n·eps ≈ 4e-4).
          const { ratio, at } = worstError(ts.get(out), want, op === 'sum' ? reducedCount * 1.5 * 1.2e-7 : 0, op === 'prod' ? reducedCount * 1.2e-7 : 1e-7);
          expect(ratio, `${op} over ${JSON.stringify(axes)} at ${at}: got ${ts.get(out)[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
        }
        for (const op of ['sum', 'prod', 'max', 'min'] as const) {
          const out = ts.put('int32', outShape);
          reduce(rt, xi, out, op, axes);
          const want = reduceLoop(ts.get(xi), shape, axes, op === 'max' ? -(2 ** 31) : op === 'min' ? 2 ** 31 - 1 : inits[op], (a, v) => Math.imul(1, op === 'prod' ? Math.imul(a, v) : fns[op](a, v)));
          expect(Array.from(ts.get(out)), `int32 ${op} over ${JSON.stringify(axes)}`).toEqual(want);
        }
      }
    });

    it('reduce: long rows and empty reductions', () => {
      const big = randomData(300000, 31, 0, 1);
      const x = ts.put('float32', [3, 100000], big);
      const out = ts.put('float32', [3]);
      reduce(rt, x, out, 'sum', [1]);
      const want = reduceLoop(big, [3, 100000], [1], 0, (a, v) => a + v);
      // Blocks of 1024 are summed in float32 (error ≤ 1024·eps·block sum), then in float64: ~1e-6 relative.
      expect(worstError(ts.get(out), want, 0, 2e-6).ratio).toBeLessThanOrEqual(1);
      const empty = ts.put('float32', [4, 0]);
      for (const [op, v] of [['sum', 0], ['prod', 1], ['max', -Infinity], ['min', Infinity]] as const) {
        const o = ts.put('float32', [4]);
        reduce(rt, empty, o, op, [1]);
        expect(Array.from(ts.get(o)), op).toEqual([v, v, v, v]);
      }
    });

    it('argReduce: first extreme, NaN greatest, any axis', () => {
      const shape = [5, 6, 70];
      const data = Array.from(randomData(sizeOfShape(shape), 41, -3, 3), (v) => Math.round(v * 2) / 2);
      data[7] = Number.NaN;
      data[500] = Number.NaN;
      const x = ts.put('float32', shape, data);
      const xv = Array.from(ts.get(x));
      for (let axis = 0; axis < 3; axis++) {
        for (const op of ['argmax', 'argmin'] as const) {
          const outShape = shape.filter((_, d) => d !== axis);
          const out = ts.put('int32', outShape);
          argReduce(rt, x, out, op, axis);
          const st = stridesOf(shape);
          const want = Array.from({ length: sizeOfShape(outShape) }, (_, o) => {
            const idx = unravel(o, outShape);
            idx.splice(axis, 0, 0);
            let best = 0;
            let bestV = Number.NaN;
            for (let r = 0; r < shape[axis]; r++) {
              idx[axis] = r;
              const v = xv[idx.reduce((p, k, d) => p + k * st[d], 0)];
              const better = r === 0 || (op === 'argmax' ? !Number.isNaN(bestV) && (Number.isNaN(v) || v > bestV) : (Number.isNaN(bestV) && !Number.isNaN(v)) || v < bestV);
              if (better) {
                best = r;
                bestV = v;
              }
            }
            return best;
          });
          expect(Array.from(ts.get(out)), `${op} axis ${axis}`).toEqual(want);
        }
      }
    });

    it('transpose, slice (negative steps), pad, concat and expand', () => {
      const shape = [7, 11, 13];
      const data = randomData(sizeOfShape(shape), 51);
      const x = ts.put('float32', shape, data);
      const xv = Array.from(ts.get(x));
      const st = stridesOf(shape);
      const at = (i: number, j: number, k: number) => xv[i * st[0] + j * st[1] + k * st[2]];
      const perm = [2, 0, 1];
      const tout = ts.put('float32', perm.map((p) => shape[p]));
      transpose(rt, x, tout, perm);
      const tw: number[] = [];
      for (let k = 0; k < 13; k++) for (let i = 0; i < 7; i++) for (let j = 0; j < 11; j++) tw.push(at(i, j, k));
      expect(Array.from(ts.get(tout))).toEqual(tw);

      const sout = ts.put('float32', [3, 4, 5]);
      slice(rt, x, sout, [6, 1, 12], [-2, 3, -2]);
      const sw: number[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++) sw.push(at(6 - 2 * i, 1 + 3 * j, 12 - 2 * k));
      expect(Array.from(ts.get(sout))).toEqual(sw);

      const pout = ts.put('float32', [9, 12, 16]);
      pad(rt, x, pout, [1, 0, 2], 0.25);
      const pw: number[] = [];
      for (let i = 0; i < 9; i++) for (let j = 0; j < 12; j++) for (let k = 0; k < 16; k++) {
        const si = i - 1, sj = j, sk = k - 2;
        pw.push(si >= 0 && si < 7 && sj < 11 && sk >= 0 && sk < 13 ? at(si, sj, sk) : 0.25);
      }
      expect(Array.from(ts.get(pout))).toEqual(pw);

      const y = ts.put('float32', [7, 3, 13], randomData(7 * 3 * 13, 52));
      const yv = Array.from(ts.get(y));
      const cout = ts.put('float32', [7, 14, 13]);
      concat(rt, [x, y], cout, 1);
      const cw: number[] = [];
      for (let i = 0; i < 7; i++) for (let j = 0; j < 14; j++) for (let k = 0; k < 13; k++) cw.push(j < 11 ? at(i, j, k) : yv[(i * 3 + (j - 11)) * 13 + k]);
      expect(Array.from(ts.get(cout))).toEqual(cw);

      const row = ts.put('int32', [1, 13], smallInts(13, 53));
      const eout = ts.put('int32', [4, 300, 13]);
      expand(rt, row, eout);
      const rv = Array.from(ts.get(row));
      expect(Array.from(ts.get(eout))).toEqual(Array.from({ length: 4 * 300 * 13 }, (_, i) => rv[i % 13]));
    });

    it('gather and scatterAdd along each axis, skipping out-of-range indices', () => {
      const shape = [4, 9, 150];
      const data = randomData(sizeOfShape(shape), 61);
      const x = ts.put('float32', shape, data);
      const xv = Array.from(ts.get(x));
      for (let axis = 0; axis < 3; axis++) {
        const a = shape[axis];
        const idx = [0, a - 1, 2, -1, a, 1, 1, a - 1];
        const ind = ts.put('int32', [2, 4], idx);
        const outShape = [...shape.slice(0, axis), 2, 4, ...shape.slice(axis + 1)];
        const out = ts.put('float32', outShape);
        gather(rt, x, ind, out, axis);
        const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
        const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
        const gw: number[] = [];
        for (let o = 0; o < outer; o++) for (const j of idx) for (let i = 0; i < inner; i++) gw.push(j < 0 || j >= a ? 0 : xv[(o * a + j) * inner + i]);
        expect(Array.from(ts.get(out)), `gather axis ${axis}`).toEqual(gw);

        const upd = ts.put('float32', outShape, randomData(sizeOfShape(outShape), 62));
        const uv = Array.from(ts.get(upd));
        const sout = ts.put('float32', shape);
        scatterAdd(rt, ind, upd, sout, axis);
        const sw = new Array<number>(sizeOfShape(shape)).fill(0);
        for (let o = 0; o < outer; o++) idx.forEach((j, jj) => {
          if (j < 0 || j >= a) return;
          for (let i = 0; i < inner; i++) sw[(o * a + j) * inner + i] = Math.fround(sw[(o * a + j) * inner + i] + uv[(o * idx.length + jj) * inner + i]);
        });
        expect(Array.from(ts.get(sout)), `scatterAdd axis ${axis}`).toEqual(sw);
      }
    });

    it('random: Philox bits identical to the core reference; normal within float32 rounding', () => {
      const n = 20003;
      for (const kind of ['uniform', 'bernoulli', 'normal'] as const) {
        const attrs = { kind, key0: 0x9e3779b9, key1: 42, offset: 2 ** 32 - 5000, a: kind === 'bernoulli' ? 0.3 : -2, b: 3 };
        const out = ts.put('float32', [n]);
        random(rt, out, attrs);
        const want = Array.from({ length: n }, (_, i) => Math.fround(randomValue(kind, attrs.key0, attrs.key1, attrs.offset, i, attrs.a, attrs.b)));
        // uniform/bernoulli are computed in float64 exactly like the reference; normal uses float32 log/cos
        // (a few ulps of the Box–Muller factors, times |z| ≤ ~6): 2e-6 absolute after scaling by b = 3.
        const { ratio, at } = worstError(ts.get(out), want, kind === 'normal' ? 2e-6 * 3 : 0, kind === 'normal' ? 1e-6 : 0);
        expect(ratio, `${kind} at ${at}: got ${ts.get(out)[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
      }
    });

    it('fill writes every element of every dtype', () => {
      for (const [dtype, value, want] of [['float32', -1.25, -1.25], ['int32', 7.9, 7], ['bool', 1, 1]] as const) {
        const out = ts.put(dtype, [33333]);
        fill(rt, out, value);
        expect(Array.from(ts.get(out)).every((v) => v === want), dtype).toBe(true);
      }
    });
  });
}
