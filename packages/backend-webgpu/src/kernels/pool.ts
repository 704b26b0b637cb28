// Max and average pooling over H, W and their gradients. Forward: one thread
// per output window. Backward: one thread per input cell, gathering from the
// windows that cover it (no atomics, every element written once). float16
// loads widen to f32, sums run in f32, and each output rounds once.
import { type DType, DTypeError, type Pool2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MATH } from '../wgsl/math.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

/** P layout shared by the pool shaders: n, H, W, OH, OW, KH, KW, SH, SW, padTop, padLeft, countIncludePad. */
function poolParams(n: number, xShape: readonly number[], yShape: readonly number[], a: Pool2dAttrs): Uint32Array {
  return new Params()
    .u32(n).u32(xShape[2]).u32(xShape[3]).u32(yShape[2]).u32(yShape[3])
    .u32(a.kernel[0]).u32(a.kernel[1]).u32(a.stride[0]).u32(a.stride[1]).i32(a.pad[0]).i32(a.pad[2]).u32(a.countIncludePad ? 1 : 0)
    .words();
}

/** WGSL: geometry names and `windowArgmax(plane, oy, ox)` (−1 when the window holds no cell). */
const POOL_COMMON = /* wgsl */ `
fn H() -> i32 { return i32(P[1]); }
fn W() -> i32 { return i32(P[2]); }
// First maximal cell of a window in row-major order; a NaN wins and ends the search.
fn windowArgmax(plane: u32, oy: i32, ox: i32) -> i32 {
  var best = -1;
  var bestV = 0.0;
  for (var ky = 0; ky < i32(P[5]); ky++) {
    let iy = oy * i32(P[7]) - pi(9) + ky;
    if (iy < 0 || iy >= H()) { continue; }
    for (var kx = 0; kx < i32(P[6]); kx++) {
      let ix = ox * i32(P[8]) - pi(10) + kx;
      if (ix < 0 || ix >= W()) { continue; }
      let cell = i32(plane) * H() * W() + iy * W() + ix;
      let v = f32(X[cell]);
      if (best < 0 || v > bestV || isNan(v)) {
        best = cell;
        bestV = v;
        if (isNan(v)) { return best; }
      }
    }
  }
  return best;
}
// Cells of a window inside the image, or kh·kw with countIncludePad.
fn windowDivisor(oy: i32, ox: i32) -> f32 {
  if (P[11] == 1u) { return f32(P[5] * P[6]); }
  let y0 = oy * i32(P[7]) - pi(9);
  let x0 = ox * i32(P[8]) - pi(10);
  let rows = min(y0 + i32(P[5]), H()) - max(y0, 0);
  let cols = min(x0 + i32(P[6]), W()) - max(x0, 0);
  return f32(max(rows, 0) * max(cols, 0));
}`;

/** The bindings' element type and the f32 → element store for the kernels' one float dtype. */
const header = (dt: DType): string => `${halfHelpers([dt])}
fn put(i: u32, v: f32) { out[i] = ${storeFloat('v', dt)}; }`;

const maxPool = (dt: DType): string => `${PRELUDE}${MATH}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
@group(0) @binding(2) var<storage, read> X: array<${storageType(dt)}>;
${header(dt)}
${POOL_COMMON}
${MAIN_1D}
  let ow = P[4];
  let oh = P[3];
  let best = windowArgmax(i / (oh * ow), i32((i / ow) % oh), i32(i % ow));
  put(i, select(-infF(), f32(X[max(best, 0)]), best >= 0));
}`;

const avgPool = (dt: DType): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
@group(0) @binding(2) var<storage, read> X: array<${storageType(dt)}>;
${header(dt)}
${POOL_COMMON}
${MAIN_1D}
  let ow = P[4];
  let oh = P[3];
  let plane = i32(i / (oh * ow));
  let oy = i32((i / ow) % oh);
  let ox = i32(i % ow);
  var s = 0.0;
  for (var ky = 0; ky < i32(P[5]); ky++) {
    let iy = oy * i32(P[7]) - pi(9) + ky;
    if (iy < 0 || iy >= H()) { continue; }
    for (var kx = 0; kx < i32(P[6]); kx++) {
      let ix = ox * i32(P[8]) - pi(10) + kx;
      if (ix >= 0 && ix < W()) { s += f32(X[plane * H() * W() + iy * W() + ix]); }
    }
  }
  put(i, s / windowDivisor(oy, ox));
}`;

/** WGSL looping over the windows (oy, ox) that cover input cell (iy, ix); the body sees oy, ox, win. */
function coveringWindows(body: string): string {
  return `
  let W_ = P[2];
  let H_ = P[1];
  let plane = i / (H_ * W_);
  let iy = i32((i / W_) % H_);
  let ix = i32(i % W_);
  let sh = i32(P[7]);
  let sw = i32(P[8]);
  // oy·sh − padTop ≤ iy < oy·sh − padTop + kh
  let oy0 = max(0, (iy + pi(9) - i32(P[5]) + sh) / sh);
  let oy1 = min(i32(P[3]) - 1, (iy + pi(9)) / sh);
  let ox0 = max(0, (ix + pi(10) - i32(P[6]) + sw) / sw);
  let ox1 = min(i32(P[4]) - 1, (ix + pi(10)) / sw);
  var acc = 0.0;
  for (var oy = oy0; oy <= oy1; oy++) {
    for (var ox = ox0; ox <= ox1; ox++) {
      let win = (plane * P[3] + u32(oy)) * P[4] + u32(ox);
      ${body}
    }
  }
  put(i, acc);`;
}

const maxPoolBackward = (dt: DType): string => `${PRELUDE}${MATH}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
@group(0) @binding(2) var<storage, read> dy: array<${storageType(dt)}>;
@group(0) @binding(3) var<storage, read> X: array<${storageType(dt)}>;
${header(dt)}
${POOL_COMMON}
${MAIN_1D}
${coveringWindows('if (windowArgmax(plane, oy, ox) == i32(i)) { acc += f32(dy[win]); }')}
}`;

const avgPoolBackward = (dt: DType): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
@group(0) @binding(2) var<storage, read> dy: array<${storageType(dt)}>;
${header(dt)}
${POOL_COMMON.replace(/fn windowArgmax[\s\S]*?\n}\n/, '')}
${MAIN_1D}
${coveringWindows('acc += f32(dy[win]) / windowDivisor(oy, ox);')}
}`;

function run(
  rt: GPURuntime,
  op: string,
  shader: (dt: DType) => string,
  out: TensorInfo,
  inputs: TensorInfo[],
  xShape: readonly number[],
  yShape: readonly number[],
  attrs: Pool2dAttrs,
): void {
  for (const t of inputs) {
    if (t.dtype !== out.dtype) throw new DTypeError(`webgpu ${op}: inputs must share out's dtype (${out.dtype}), got ${inputs.map((u) => u.dtype).join(', ')}`);
  }
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const code = shader(out.dtype);
  const buffers = [bufferOf(out, op, 'out'), ...inputs.map((t, k) => bufferOf(t, op, `input ${k}`))];
  rt.dispatch(code, buffers, poolParams(n, xShape, yShape, attrs), rt.grid1d(n));
}

/** Max pooling. */
export function maxPool2d(rt: GPURuntime, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  run(rt, 'maxPool2d', maxPool, out, [x], x.shape, out.shape, attrs);
}

/** Gradient of max pooling: dy routed to each window's first maximal cell. */
export function maxPool2dBackward(rt: GPURuntime, dy: TensorInfo, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  run(rt, 'maxPool2dBackward', maxPoolBackward, out, [dy, x], x.shape, dy.shape, attrs);
}

/** Average pooling. */
export function avgPool2d(rt: GPURuntime, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  run(rt, 'avgPool2d', avgPool, out, [x], x.shape, out.shape, attrs);
}

/** Gradient of average pooling. */
export function avgPool2dBackward(rt: GPURuntime, dy: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  run(rt, 'avgPool2dBackward', avgPoolBackward, out, [dy], out.shape, dy.shape, attrs);
}
