// The input gradient of conv2d (also convTranspose2d) as an implicit GEMM per
// group over the transposed problem: dx[cg, q] = Σ_k Wᵀ[cg, k] · G[k, q], with
// q = (n, iy, ix) the input positions, k = (co, ky, kx), and G[k, q] the dy
// cell that tap (ky, kx) of output channel co reads from q: dy[n, co, ty/SH,
// tx/SW] where ty = iy + padTop − ky·DH (likewise tx) divides by the stride,
// zero otherwise.
//
// At stride 1 this beats GEMM-into-columns + col2im (conv-col2im.ts) and
// needs no temporary: lavapipe, dy 32×64×28×28, 3×3 filter, min ms of
// interleaved runs: 258–306 here against 365–435. At stride s it multiplies
// s² times the needed terms (most are zeros), so strided problems take the
// columns route: 109–132 ms against 294–315 at stride 2.
import { type Conv2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { conv2dBackpropInputCol2im } from './conv-col2im.js';
import { CONV_GEOMETRY, convParams } from './conv-geometry.js';
import { halfForStorage, storeAsStorage } from '../wgsl/half.js';
import { bufferOf, storageType } from './layout.js';
import { type GemmTile, gemmShader, gemmTile, isCpuAdapter, runGemm } from './matmul.js';


/** The largest columns temporary the strided route may take (bigger problems stay implicit). */
const COLUMN_BYTES_MAX = 256 * 1024 * 1024;

function backpropInputShader(rt: GPURuntime, st: string, tile: GemmTile): string {
  return rt.shader(`conv2dBackpropInput|${st}|${JSON.stringify(tile)}`, () => {
    const decls = /* wgsl */ `${CONV_GEOMETRY}
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> DX: array<${st}>;
@group(0) @binding(2) var<storage, read> DY: array<${st}>;
@group(0) @binding(3) var<storage, read> Wt: array<${st}>;
// Depths k..k+count of filter row cg (taps of consecutive output channels).
fn runA(z: u32, m: u32, k: u32, count: u32, i: u32, kOff: u32) {
  var co = z * COG() + k / KHW();
  var tap = k % KHW();
  for (var j = 0u; j < count; j++) {
    putA(kOff + j, i, f32(Wt[(co * CG() + m) * KHW() + tap]));
    tap++;
    if (tap == KHW()) {
      tap = 0u;
      co++;
    }
  }
}
// Depths k..k+count of input position n: the dy cells that taps (co, ky, kx) of n read.
fn runB(z: u32, n: u32, k: u32, count: u32, i: u32, kOff: u32) {
  let ix = i32(n % P[9]);
  let iy = i32((n / P[9]) % P[8]);
  let b = n / (P[8] * P[9]);
  let ohw = u32(OH() * OW());
  var plane = (b * CO() + z * COG() + k / KHW()) * ohw;
  var kx = i32(k % P[14]);
  var ky = i32((k / P[14]) % P[13]);
  let unit = SH() == 1 && SW() == 1;
  for (var j = 0u; j < count; j++) {
    let ty = iy + PT() - ky * DH();
    let tx = ix + PL() - kx * DW();
    var v = 0.0;
    if (ty >= 0 && tx >= 0) {
      // Stride 1 needs no division (a uniform branch: CPU drivers scalarize integer division).
      var oy = ty;
      var ox = tx;
      var hit = true;
      if (!unit) {
        hit = ty % SH() == 0 && tx % SW() == 0;
        oy = ty / SH();
        ox = tx / SW();
      }
      if (hit && oy < OH() && ox < OW()) { v = f32(DY[plane + u32(oy * OW() + ox)]); }
    }
    putB(kOff + j, i, v);
    nextTap(&kx, &ky, &plane, ohw);
  }
}
fn storeC(z: u32, s: u32, m: u32, n: u32, v: f32) {
  let hw = P[8] * P[9];
  DX[((n / hw) * C() + z * CG() + m) * hw + n % hw] = ${storeAsStorage(st, 'v')};
}`;
    return gemmShader({ acc: 'f32', decls, aMajor: 'k', bMajor: 'n', runA: true, runB: true }, tile);
  });
}

/**
 * Gradient of conv2d w.r.t. its input (also convTranspose2d): dy [N, Cout, OH, OW], w → out [N, C, H, W].
 *
 * @example
 * ```ts
 * conv2dBackpropInput(rt, dy, w, dx, attrs);
 * ```
 */
export function conv2dBackpropInput(rt: GPURuntime, dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  if (sizeOf(out.shape) === 0) return;
  const groups = attrs.groups;
  const strided = attrs.stride[0] > 1 || attrs.stride[1] > 1;
  const columnBytes = w.shape[1] * w.shape[2] * w.shape[3] * dy.shape[0] * dy.shape[2] * dy.shape[3] * groups * 4;
  if (strided && columnBytes <= Math.min(rt.device.limits.maxStorageBufferBindingSize, COLUMN_BYTES_MAX)) {
    conv2dBackpropInputCol2im(rt, dy, w, out, attrs);
    return;
  }
  const M = w.shape[1];
  const N = out.shape[0] * out.shape[2] * out.shape[3];
  const K = (w.shape[0] / groups) * w.shape[2] * w.shape[3];
  const tile = gemmTile(M, N, groups, isCpuAdapter(rt.device));
  const buffers = [bufferOf(out, 'conv2dBackpropInput', 'out'), bufferOf(dy, 'conv2dBackpropInput', 'dy'), bufferOf(w, 'conv2dBackpropInput', 'w')];
  runGemm(rt, backpropInputShader(rt, storageType(dy.dtype), tile), tile, buffers, { M, N, K, batches: groups, splits: 1 }, convParams(out.shape, w.shape, dy.shape, attrs));
}
