// conv2d and both gradients as implicit GEMMs, at their tile edges: odd
// sizes, 1×1 filters, groups (depthwise too), stride 2/3, dilation 2,
// asymmetric padding, depth > 1000, batches, and the split-depth filter
// gradient, each against a float64 loop on random inputs.
import type { Backend, Conv2dAttrs } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend, randomData, Tensors } from './helpers.js';

const { backend, reason } = await openBackend();

interface Problem {
  x: number[];
  w: number[];
  attrs: Conv2dAttrs;
}

const outShape = ({ x, w, attrs: a }: Problem): number[] => [
  x[0],
  w[0],
  Math.floor((x[2] + a.pad[0] + a.pad[1] - a.dilation[0] * (w[2] - 1) - 1) / a.stride[0]) + 1,
  Math.floor((x[3] + a.pad[2] + a.pad[3] - a.dilation[1] * (w[3] - 1) - 1) / a.stride[1]) + 1,
];

/** float64 y, dx, dw of one problem, and Σ|products| per element of each (the scale of f32 rounding). */
function reference(p: Problem, x: Float64Array, w: Float64Array, dy: Float64Array) {
  const [N, C, H, W] = p.x;
  const [CO, CG, KH, KW] = p.w;
  const [, , OH, OW] = outShape(p);
  const { stride, pad, dilation, groups } = p.attrs;
  const COG = CO / groups;
  const r = {
    y: new Float64Array(N * CO * OH * OW), yMag: new Float64Array(N * CO * OH * OW),
    dx: new Float64Array(x.length), dxMag: new Float64Array(x.length),
    dw: new Float64Array(w.length), dwMag: new Float64Array(w.length),
  };
  for (let n = 0; n < N; n++) for (let co = 0; co < CO; co++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    const yi = ((n * CO + co) * OH + oy) * OW + ox;
    for (let cg = 0; cg < CG; cg++) for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) {
      const iy = oy * stride[0] - pad[0] + ky * dilation[0];
      const ix = ox * stride[1] - pad[2] + kx * dilation[1];
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      const xi = ((n * C + Math.floor(co / COG) * CG + cg) * H + iy) * W + ix;
      const wi = ((co * CG + cg) * KH + ky) * KW + kx;
      r.y[yi] += x[xi] * w[wi];
      r.yMag[yi] += Math.abs(x[xi] * w[wi]);
      r.dx[xi] += dy[yi] * w[wi];
      r.dxMag[xi] += Math.abs(dy[yi] * w[wi]);
      r.dw[wi] += dy[yi] * x[xi];
      r.dwMag[wi] += Math.abs(dy[yi] * x[xi]);
    }
  }
  return r;
}

/**
 * f32 accumulation of terms errs by far less than 1e-5·Σ|terms| at these
 * depths (≤ 4096 terms, random signs); the tiny floor covers outputs whose
 * window lies wholly in the padding (exact zeros).
 */
function expectClose(got: number[], want: Float64Array, mag: Float64Array, what: string) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 * mag[i] + 1e-30;
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`${what}: element ${i} is ${got[i]}, want ${want[i]} (tolerance ${tol})`);
  }
}

async function check(be: Backend, p: Problem) {
  const t = new Tensors(be);
  const yShape = outShape(p);
  const f32 = (n: number, seed: number) => Float64Array.from(Float32Array.from(randomData(n, seed)));
  const xData = f32(p.x.reduce((a, b) => a * b), 11);
  const wData = f32(p.w.reduce((a, b) => a * b), 12);
  const dyData = f32(yShape.reduce((a, b) => a * b), 13);
  const ref = reference(p, xData, wData, dyData);
  const x = t.put('float32', p.x, xData);
  const w = t.put('float32', p.w, wData);
  const dy = t.put('float32', yShape, dyData);
  const [y, dx, dw] = [t.put('float32', yShape), t.put('float32', p.x), t.put('float32', p.w)];
  const k = be.kernels;
  if (!k.conv2d || !k.conv2dBackpropInput || !k.conv2dBackpropFilter) throw new Error('webgpu lacks a conv kernel');
  k.conv2d(x, w, y, p.attrs);
  k.conv2dBackpropInput(dy, w, dx, p.attrs);
  k.conv2dBackpropFilter(x, dy, dw, p.attrs);
  const name = `x ${p.x} w ${p.w} ${JSON.stringify(p.attrs)}`;
  expectClose(await t.get(y), ref.y, ref.yMag, `conv2d ${name}`);
  expectClose(await t.get(dx), ref.dx, ref.dxMag, `conv2dBackpropInput ${name}`);
  expectClose(await t.get(dw), ref.dw, ref.dwMag, `conv2dBackpropFilter ${name}`);
  for (const v of [x, w, dy, y, dx, dw]) be.free(v.handle);
}

const attrs = (a: Partial<Conv2dAttrs>): Conv2dAttrs => ({ stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1, ...a });

const problems: [string, Problem][] = [
  ['1x1 filter', { x: [2, 5, 7, 9], w: [3, 5, 1, 1], attrs: attrs({}) }],
  ['single output channel, odd image', { x: [1, 3, 13, 1], w: [1, 3, 3, 1], attrs: attrs({ pad: [1, 1, 0, 0] }) }],
  ['65 output channels over 33x17 positions', { x: [3, 3, 33, 17], w: [65, 3, 3, 3], attrs: attrs({ pad: [1, 1, 1, 1] }) }],
  ['groups 2, stride 2, asymmetric padding', { x: [2, 4, 11, 13], w: [6, 2, 3, 3], attrs: attrs({ stride: [2, 2], pad: [1, 0, 0, 1], groups: 2 }) }],
  ['depthwise', { x: [2, 8, 10, 9], w: [8, 1, 3, 3], attrs: attrs({ pad: [1, 1, 1, 1], groups: 8 }) }],
  ['depthwise, multiplier 2, stride 2', { x: [1, 6, 9, 12], w: [12, 1, 3, 3], attrs: attrs({ stride: [2, 2], pad: [1, 1, 1, 1], groups: 6 }) }],
  ['stride 3x2, dilation 2, asymmetric padding', { x: [1, 3, 17, 19], w: [5, 3, 3, 2], attrs: attrs({ stride: [3, 2], pad: [2, 0, 1, 3], dilation: [2, 2] }) }],
  ['depth C*KH*KW = 1080', { x: [1, 120, 9, 9], w: [33, 120, 3, 3], attrs: attrs({ pad: [1, 1, 1, 1] }) }],
  ['batch 4 with a split-depth filter gradient (depth 4096)', { x: [4, 8, 32, 32], w: [16, 8, 3, 3], attrs: attrs({ pad: [1, 1, 1, 1] }) }],
  ['split depth not a multiple of the slab, groups 3', { x: [5, 6, 15, 15], w: [9, 2, 2, 2], attrs: attrs({ pad: [0, 1, 0, 1], groups: 3 }) }],
];

describe.skipIf(!backend)(`webgpu conv as implicit GEMM${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const be = backend as Backend;
  afterAll(() => be?.dispose?.());
  for (const [name, p] of problems) {
    it(name, async () => {
      await check(be, p);
    });
  }
});
