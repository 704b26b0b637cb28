// conv2d forward as an implicit GEMM per group: out[co, p] = Σ_k W[co, k] ·
// im2col(X)[k, p], with co the group's output channels (rows), p = (n, oy, ox)
// the output positions (columns) and k = (cg, ky, kx). The im2col matrix is
// never built: its slabs are gathered from X straight into workgroup memory,
// zero in the padding. Rows are channels and columns positions (the transpose
// of the brief's layout, same product) so a thread row's stores run along
// contiguous output positions.
import { type Conv2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { CONV_GEOMETRY, convParams } from './conv-geometry.js';
import { halfForStorage, storeAsStorage } from '../wgsl/half.js';
import { bufferOf, storageType } from './layout.js';
import { type GemmTile, gemmShader, gemmTile, isCpuAdapter, runGemm } from './matmul.js';


function forwardShader(rt: GPURuntime, st: string, tile: GemmTile): string {
  return rt.shader(`conv2d|${st}|${JSON.stringify(tile)}`, () => {
    const decls = /* wgsl */ `${CONV_GEOMETRY}
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> Y: array<${st}>;
@group(0) @binding(2) var<storage, read> X: array<${st}>;
@group(0) @binding(3) var<storage, read> Wt: array<${st}>;
fn loadA(z: u32, m: u32, k: u32) -> f32 { return f32(Wt[(z * COG() + m) * P[2] + k]); }
// Depths k..k+count of output position n: one decode, then the taps in order.
fn runB(z: u32, n: u32, k: u32, count: u32, i: u32, kOff: u32) {
  let ox = i32(n % P[12]);
  let oy = i32((n / P[12]) % P[11]);
  let b = n / (P[11] * P[12]);
  let iy0 = oy * SH() - PT();
  let ix0 = ox * SW() - PL();
  let hw = u32(H() * W());
  var plane = (b * C() + z * CG() + k / KHW()) * hw;
  var kx = i32(k % P[14]);
  var ky = i32((k / P[14]) % P[13]);
  for (var j = 0u; j < count; j++) {
    let iy = iy0 + ky * DH();
    let ix = ix0 + kx * DW();
    var v = 0.0;
    if (iy >= 0 && iy < H() && ix >= 0 && ix < W()) { v = f32(X[plane + u32(iy * W() + ix)]); }
    putB(kOff + j, i, v);
    nextTap(&kx, &ky, &plane, hw);
  }
}
fn storeC(z: u32, s: u32, m: u32, n: u32, v: f32) {
  let ohw = P[11] * P[12];
  Y[((n / ohw) * CO() + z * COG() + m) * ohw + n % ohw] = ${storeAsStorage(st, 'v')};
}`;
    return gemmShader({ acc: 'f32', decls, aMajor: 'k', bMajor: 'n', runB: true }, tile);
  });
}

/**
 * conv2d forward: x [N, C, H, W], w [Cout, C/groups, KH, KW] → out [N, Cout, OH, OW].
 *
 * @example
 * ```ts
 * conv2d(rt, x, w, out, { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 });
 * ```
 */
export function conv2d(rt: GPURuntime, x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  if (sizeOf(out.shape) === 0) return;
  const groups = attrs.groups;
  const M = w.shape[0] / groups;
  const N = out.shape[0] * out.shape[2] * out.shape[3];
  const K = w.shape[1] * w.shape[2] * w.shape[3];
  const tile = gemmTile(M, N, groups, isCpuAdapter(rt.device));
  const buffers = [bufferOf(out, 'conv2d', 'out'), bufferOf(x, 'conv2d', 'x'), bufferOf(w, 'conv2d', 'w')];
  runGemm(rt, forwardShader(rt, storageType(x.dtype), tile), tile, buffers, { M, N, K, batches: groups, splits: 1 }, convParams(x.shape, w.shape, out.shape, attrs));
}
