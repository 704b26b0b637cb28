// grid_sample (PyTorch semantics, NCHW): one thread per output element, in
// f32 (float16 widens on load and rounds once on store).
import { type DType, DTypeError, type GridSampleAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const gridSampleShader = (dt: DType): string => `${PRELUDE}${halfHelpers([dt])}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
@group(0) @binding(2) var<storage, read> X: array<${storageType(dt)}>;
@group(0) @binding(3) var<storage, read> G: array<${storageType(dt)}>;
fn put(i: u32, v: f32) { out[i] = ${storeFloat('v', dt)}; }
fn unnormalize(g: f32, size: u32) -> f32 {
  let s = f32(size);
  if (P[7] == 1u) { return (g + 1.0) / 2.0 * (s - 1.0); }
  return ((g + 1.0) * s - 1.0) / 2.0;
}
fn place(g: f32, size: u32) -> f32 {
  let v = unnormalize(g, size);
  if (P[8] == 1u) { return min(max(v, 0.0), f32(size) - 1.0); }
  return v;
}
${MAIN_1D}
  // P: n, C, H, W, OH, OW, nearest, alignCorners, border
  let C = P[1];
  let H = i32(P[2]);
  let W = i32(P[3]);
  let OH = P[4];
  let OW = P[5];
  let ox = i % OW;
  let oy = (i / OW) % OH;
  let c = (i / (OW * OH)) % C;
  let b = i / (OW * OH * C);
  let gi = ((b * OH + oy) * OW + ox) * 2u;
  let fx = place(f32(G[gi]), P[3]);
  let fy = place(f32(G[gi + 1u]), P[2]);
  let plane = i32((b * C + c) * P[2] * P[3]);
  if (P[6] == 1u) {
    let px = i32(round(fx));
    let py = i32(round(fy));
    var v = 0.0;
    if (px >= 0 && px < W && py >= 0 && py < H) { v = f32(X[plane + py * W + px]); }
    put(i, v);
    return;
  }
  let x0 = i32(floor(fx));
  let y0 = i32(floor(fy));
  let tx = fx - floor(fx);
  let ty = fy - floor(fy);
  var acc = 0.0;
  for (var dy = 0; dy < 2; dy++) {
    for (var dx = 0; dx < 2; dx++) {
      let px = x0 + dx;
      let py = y0 + dy;
      if (px >= 0 && px < W && py >= 0 && py < H) {
        let wx = select(1.0 - tx, tx, dx == 1);
        let wy = select(1.0 - ty, ty, dy == 1);
        acc += f32(X[plane + py * W + px]) * wx * wy;
      }
    }
  }
  put(i, acc);
}`;

/** Samples x [N, C, H, W] at grid [N, OH, OW, 2] → out [N, C, OH, OW]. */
export function gridSample(rt: GPURuntime, x: TensorInfo, grid: TensorInfo, out: TensorInfo, attrs: GridSampleAttrs): void {
  if (x.dtype !== out.dtype || grid.dtype !== out.dtype) {
    throw new DTypeError(`webgpu gridSample: 'x' (${x.dtype}) and 'grid' (${grid.dtype}) must have out's dtype (${out.dtype})`);
  }
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const [, c, h, w] = x.shape;
  const p = new Params()
    .u32(n).u32(c).u32(h).u32(w).u32(out.shape[2]).u32(out.shape[3])
    .u32(attrs.mode === 'nearest' ? 1 : 0).u32(attrs.alignCorners ? 1 : 0).u32(attrs.padding === 'border' ? 1 : 0);
  const buffers = [bufferOf(out, 'gridSample', 'out'), bufferOf(x, 'gridSample', 'x'), bufferOf(grid, 'gridSample', 'grid')];
  rt.dispatch(gridSampleShader(out.dtype), buffers, p.words(), rt.grid1d(n));
}
