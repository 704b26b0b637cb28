import { setFlagsFromString } from 'node:v8';
import type { Conv2dAttrs } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from '../src/kernels/conv.js';
import { isDepthwise } from '../src/kernels/conv-depthwise.js';
import { disposeScratch } from '../src/kernels/matmul-scratch.js';
import type { WasmBuild } from '../src/loader.js';
import { createRuntime, type WasmRuntimeControl } from '../src/runtime.js';
import { randomData, Tensors } from './helpers.js';

// The direct depthwise kernels (groups == C) against float64 loops written
// from the definition of conv2d, on both builds and 1 and 2 threads: 3x3 and
// 5x5 filters, strides 1-3, padding (asymmetric, and wider than the filter),
// dilation, channel multipliers 1-3 and 6 (a one-channel input), widths
// below and off multiples of 4.
setFlagsFromString('--experimental-wasm-relaxed-simd');

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  attrs: Conv2dAttrs;
}
const conv = (x: Case['x'], w: Case['w'], stride: [number, number], pad: Conv2dAttrs['pad'], dilation: [number, number] = [1, 1]): Case => ({
  x,
  w,
  attrs: { stride, pad, dilation, groups: x[1] },
});

const CASES: Case[] = [
  conv([2, 5, 9, 11], [5, 1, 3, 3], [1, 1], [1, 1, 1, 1]),
  conv([2, 4, 13, 37], [4, 1, 5, 5], [1, 1], [2, 2, 2, 2]),
  conv([2, 6, 15, 23], [6, 1, 3, 3], [2, 2], [1, 1, 1, 1]),
  conv([1, 3, 17, 41], [3, 1, 5, 5], [2, 2], [2, 2, 2, 2]),
  conv([2, 4, 12, 30], [4, 1, 3, 3], [1, 1], [2, 2, 2, 2], [2, 2]),
  conv([2, 3, 10, 22], [6, 1, 3, 3], [1, 1], [1, 1, 1, 1]), // channel multiplier 2
  conv([2, 3, 19, 27], [6, 1, 5, 5], [2, 2], [2, 1, 0, 3], [2, 2]), // multiplier 2, stride 2, dilation 2, asymmetric padding
  conv([1, 2, 8, 45], [6, 1, 3, 3], [1, 1], [0, 1, 2, 0]), // multiplier 3
  conv([1, 4, 14, 50], [4, 1, 3, 3], [3, 3], [0, 0, 0, 0]),
  conv([2, 2, 16, 33], [2, 1, 3, 3], [2, 1], [0, 1, 1, 0]),
  conv([1, 3, 5, 3], [3, 1, 3, 3], [1, 1], [1, 1, 1, 1]), // narrower than a vector
  conv([1, 2, 6, 9], [2, 1, 3, 3], [1, 1], [3, 3, 3, 3]), // padding wider than the filter: all-padding rows and columns
  conv([8, 16, 32, 40], [16, 1, 3, 3], [1, 1], [1, 1, 1, 1]), // enough work to run on every thread
  conv([4, 8, 28, 28], [16, 1, 5, 5], [2, 2], [2, 2, 2, 2]), // threaded, multiplier 2, stride 2
  conv([16, 1, 28, 28], [6, 1, 5, 5], [1, 1], [2, 2, 2, 2]), // one input channel (LeNet's first layer): groups 1, multiplier 6
  conv([2, 3, 7, 9], [3, 1, 1, 1], [1, 1], [0, 0, 0, 0]), // 1x1 filter
  conv([2, 3, 4, 3], [3, 1, 5, 5], [1, 1], [2, 2, 2, 2]), // filter larger than the image
  conv([1, 2, 9, 6], [4, 1, 3, 7], [2, 3], [1, 0, 3, 3]), // 3x7 filter, output one column wide per stride 3
  conv([2, 2, 10, 10], [2, 1, 3, 3], [3, 5], [0, 0, 0, 0], [3, 4]), // strides 3 and 5, dilations 3 and 4: output 1 column
];

const outDim = (i: number, k: number, s: number, p0: number, p1: number, d: number) => Math.floor((i + p0 + p1 - d * (k - 1) - 1) / s) + 1;

/** [N, Cout, OH, OW] of a case. */
function outShape(c: Case): [number, number, number, number] {
  const { stride: s, pad: p, dilation: d } = c.attrs;
  return [c.x[0], c.w[0], outDim(c.x[2], c.w[2], s[0], p[0], p[1], d[0]), outDim(c.x[3], c.w[3], s[1], p[2], p[3], d[1])];
}

/**
 * float64 depthwise conv2d and its two gradients, with Σ|term| of every
 * output element (the scale of float32 rounding error) and the term count.
 */
function reference(c: Case, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const [n, ch, h, wd] = c.x;
  const [cout, , kh, kw] = c.w;
  const { stride: s, pad: p, dilation: d } = c.attrs;
  const [, , oh, ow] = outShape(c);
  const mult = cout / ch;
  const y = new Float64Array(n * cout * oh * ow), yScale = new Float64Array(y.length);
  const dx = new Float64Array(x.length), dxScale = new Float64Array(x.length);
  const dw = new Float64Array(w.length), dwScale = new Float64Array(w.length);
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < cout; oc++) {
      const ic = Math.floor(oc / mult);
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          const o = ((b * cout + oc) * oh + i) * ow + j;
          for (let u = 0; u < kh; u++) {
            for (let v = 0; v < kw; v++) {
              const ih = i * s[0] + u * d[0] - p[0];
              const iw = j * s[1] + v * d[1] - p[2];
              if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
              const xi = ((b * ch + ic) * h + ih) * wd + iw;
              const wi = (oc * kh + u) * kw + v;
              y[o] += x[xi] * w[wi];
              yScale[o] += Math.abs(x[xi] * w[wi]);
              dx[xi] += dy[o] * w[wi];
              dxScale[xi] += Math.abs(dy[o] * w[wi]);
              dw[wi] += dy[o] * x[xi];
              dwScale[wi] += Math.abs(dy[o] * x[xi]);
            }
          }
        }
      }
    }
  }
  // Most terms one element sums: taps (forward), multiplier·taps (dx), images·output cells (dw).
  const terms = { y: kh * kw, dx: mult * kh * kw, dw: n * oh * ow };
  return { y, yScale, dx, dxScale, dw, dwScale, terms };
}

/**
 * Any order of float32 multiply-adds of K terms lies within γ_{K+1}·Σ|term|
 * of the exact sum (Higham, recursive summation with rounded products), so
 * (K + 1)·2⁻²⁴·Σ|term| (plus a denormal floor) only fails on a wrong term.
 */
function expectWithin(what: string, got: ArrayLike<number>, want: Float64Array, scale: Float64Array, terms: number): void {
  expect(got.length).toBe(want.length);
  const u = 2 ** -24;
  for (let i = 0; i < want.length; i++) {
    const allowed = (terms + 1) * u * scale[i] + 1e-30;
    if (!(Math.abs(got[i] - want[i]) <= allowed)) {
      throw new Error(`${what}: element ${i} is ${got[i]}, expected ${want[i]} (allowed error ${allowed})`);
    }
  }
}

describe.each(['simd128', 'relaxed-simd'] as WasmBuild[])('depthwise conv2d on the %s build', (build) => {
  describe.each([1, 2])('with %i thread(s)', (threads) => {
    let rt: WasmRuntimeControl;
    let t: Tensors;
    beforeAll(async () => {
      rt = await createRuntime({ threads, build });
      t = new Tensors(rt);
    });
    afterAll(() => {
      t.releaseAll();
      disposeScratch(rt);
      rt.dispose();
    });

    it.each(CASES.map((c) => [`x [${c.x}] w [${c.w}] stride [${c.attrs.stride}] pad [${c.attrs.pad}] dilation [${c.attrs.dilation}]`, c] as const))(
      '%s: forward, input and filter gradients match float64',
      (_, c) => {
        expect(isDepthwise(c.x[1], c.attrs)).toBe(true);
        const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
        const seed = c.x[3] * 131 + c.w[2];
        const xs = randomData(size(c.x), seed, -1, 1);
        const ws = randomData(size(c.w), seed + 1, -1, 1);
        const dys = randomData(size(outShape(c)), seed + 2, -1, 1);
        const ref = reference(c, xs, ws, dys);
        const x = t.put('float32', c.x, xs);
        const w = t.put('float32', c.w, ws);
        const dy = t.put('float32', outShape(c), dys);
        // Outputs start as NaN (Tensors.put poisons them): an unwritten element fails.
        const y = t.put('float32', outShape(c));
        const dx = t.put('float32', c.x);
        const dw = t.put('float32', c.w);
        conv2d(rt, x, w, y, c.attrs);
        conv2dBackpropInput(rt, dy, w, dx, c.attrs);
        conv2dBackpropFilter(rt, x, dy, dw, c.attrs);
        expectWithin('forward', t.get(y), ref.y, ref.yScale, ref.terms.y);
        expectWithin('input gradient', t.get(dx), ref.dx, ref.dxScale, ref.terms.dx);
        expectWithin('filter gradient', t.get(dw), ref.dw, ref.dwScale, ref.terms.dw);
      },
    );
  });
});
