// The input gradient of conv2d (also convTranspose2d) as an implicit GEMM per
// group over the transposed problem: dx[cg, q] = Σ_k Wᵀ[cg, k] · G[k, q], with
// q = (n, iy, ix) the input positions, k = (co, ky, kx), and G[k, q] the dy
// cell that tap (ky, kx) of output channel co reads from q: dy[n, co, ty/SH,
// tx/SW] where ty = iy + padTop − ky·DH (likewise tx) divides by the stride,
// zero otherwise.
//
// Chosen over GEMM-into-columns + col2im: at stride 1 (the common case) no
// gathered term is wasted, and it needs no KH·KW-times-the-input temporary;
// at stride s it gathers s² times the needed terms, the price of one pass.
import { type Conv2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { CONV_GEOMETRY, cached, convParams } from './conv-geometry.js';
import { bufferOf, storageType } from './layout.js';
import { type GemmTile, gemmShader, gemmTile, isCpuAdapter, runGemm } from './matmul.js';

const shaders = new Map<string, string>();

function backpropInputShader(st: string, tile: GemmTile): string {
  return cached(shaders, `${st}|${JSON.stringify(tile)}`, () => {
    const decls = /* wgsl */ `${CONV_GEOMETRY}
@group(0) @binding(1) var<storage, read_write> DX: array<${st}>;
@group(0) @binding(2) var<storage, read> DY: array<${st}>;
@group(0) @binding(3) var<storage, read> Wt: array<${st}>;
fn loadA(z: u32, m: u32, k: u32) -> f32 { return f32(Wt[((z * COG() + k / KHW()) * CG() + m) * KHW() + k % KHW()]); }
fn loadB(z: u32, k: u32, n: u32) -> f32 {
  let kx = i32(k % P[14]);
  let ky = i32((k / P[14]) % P[13]);
  let co = k / KHW();
  let ix = i32(n % P[9]);
  let iy = i32((n / P[9]) % P[8]);
  let b = n / (P[8] * P[9]);
  let ty = iy + PT() - ky * DH();
  let tx = ix + PL() - kx * DW();
  if (ty < 0 || tx < 0 || ty % SH() != 0 || tx % SW() != 0) { return 0.0; }
  let oy = ty / SH();
  let ox = tx / SW();
  if (oy >= OH() || ox >= OW()) { return 0.0; }
  return f32(DY[((b * CO() + z * COG() + co) * u32(OH()) + u32(oy)) * u32(OW()) + u32(ox)]);
}
fn storeC(z: u32, s: u32, m: u32, n: u32, v: f32) {
  let hw = P[8] * P[9];
  DX[((n / hw) * C() + z * CG() + m) * hw + n % hw] = ${st}(v);
}`;
    return gemmShader({ acc: 'f32', decls, aMajor: 'k', bMajor: 'n' }, tile);
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
  const M = w.shape[1];
  const N = out.shape[0] * out.shape[2] * out.shape[3];
  const K = (w.shape[0] / groups) * w.shape[2] * w.shape[3];
  const tile = gemmTile(M, N, groups, isCpuAdapter(rt.device));
  const buffers = [bufferOf(out, 'conv2dBackpropInput', 'out'), bufferOf(dy, 'conv2dBackpropInput', 'dy'), bufferOf(w, 'conv2dBackpropInput', 'w')];
  runGemm(rt, backpropInputShader(storageType(dy.dtype), tile), tile, buffers, { M, N, K, batches: groups, splits: 1 }, convParams(out.shape, w.shape, dy.shape, attrs));
}
