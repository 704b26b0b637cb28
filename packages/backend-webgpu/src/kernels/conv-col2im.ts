// The input gradient of conv2d as a dense GEMM into columns plus a col2im
// gather: cols[(cg, ky, kx), p] = Σ_co W[co, (cg, ky, kx)] · dy[co, p] over
// output positions p, then dx[n, c, iy, ix] sums the column entries of the
// taps that read (iy, ix). Unlike the implicit GEMM it multiplies no zeros
// at stride > 1, at the price of a KH·KW-times-the-output temporary.
import { type Conv2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { CONV_GEOMETRY, convParams } from './conv-geometry.js';
import { halfForStorage, storeAsStorage } from '../wgsl/half.js';
import { bufferOf, storageType } from './layout.js';
import { type GemmTile, gemmShader, gemmTile, isCpuAdapter, runGemm } from './matmul.js';


function columnsShader(rt: GPURuntime, st: string, tile: GemmTile): string {
  return rt.shader(`col2im|cols|${st}|${JSON.stringify(tile)}`, () => {
    const decls = /* wgsl */ `${CONV_GEOMETRY}
@group(0) @binding(1) var<storage, read_write> COLS: array<f32>;
@group(0) @binding(2) var<storage, read> DY: array<${st}>;
@group(0) @binding(3) var<storage, read> Wt: array<${st}>;
fn loadA(z: u32, m: u32, k: u32) -> f32 { return f32(Wt[(z * COG() + k) * P[0] + m]); }
// Depths (output channels) k..k+count at output position n.
fn runB(z: u32, n: u32, k: u32, count: u32, i: u32, kOff: u32) {
  let ohw = u32(OH() * OW());
  var at = ((n / ohw) * CO() + z * COG() + k) * ohw + n % ohw;
  for (var j = 0u; j < count; j++) {
    putB(kOff + j, i, f32(DY[at]));
    at += ohw;
  }
}
fn storeC(z: u32, s: u32, m: u32, n: u32, v: f32) { COLS[(z * P[0] + m) * P[1] + n] = v; }`;
    return gemmShader({ acc: 'f32', decls, aMajor: 'm', bMajor: 'n', runB: true }, tile);
  });
}

/** P[0]: dx elements, P[1]: columns (N·OH·OW); geometry from P[6]. */
function col2imShader(rt: GPURuntime, st: string): string {
  return rt.shader(`col2im|col2im|${st}`, () => `${PRELUDE}${CONV_GEOMETRY}
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> DX: array<${st}>;
@group(0) @binding(2) var<storage, read> COLS: array<f32>;
${MAIN_1D}
  let ix = i32(i % P[9]);
  let iy = i32((i / P[9]) % P[8]);
  let c = (i / (P[8] * P[9])) % C();
  let b = i / (P[8] * P[9] * C());
  let rowBase = c * KHW();
  var acc = 0.0;
  for (var ky = 0; ky < KH(); ky++) {
    let ty = iy + PT() - ky * DH();
    if (ty < 0 || ty % SH() != 0 || ty / SH() >= OH()) { continue; }
    for (var kx = 0; kx < KW(); kx++) {
      let tx = ix + PL() - kx * DW();
      if (tx < 0 || tx % SW() != 0 || tx / SW() >= OW()) { continue; }
      let p = (b * u32(OH()) + u32(ty / SH())) * u32(OW()) + u32(tx / SW());
      acc += COLS[(rowBase + u32(ky * KW() + kx)) * P[1] + p];
    }
  }
  DX[i] = ${storeAsStorage(st, 'acc')};
}`);
}

/**
 * conv2dBackpropInput by columns and col2im (see the file comment).
 *
 * @example
 * ```ts
 * conv2dBackpropInputCol2im(rt, dy, w, dx, attrs);
 * ```
 */
export function conv2dBackpropInputCol2im(rt: GPURuntime, dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const count = sizeOf(out.shape);
  if (count === 0) return;
  const groups = attrs.groups;
  const M = w.shape[1] * w.shape[2] * w.shape[3];
  const N = dy.shape[0] * dy.shape[2] * dy.shape[3];
  const K = w.shape[0] / groups;
  const tile = gemmTile(M, N, groups, isCpuAdapter(rt.device));
  const st = storageType(dy.dtype);
  const extra = convParams(out.shape, w.shape, dy.shape, attrs);
  const cols = rt.pool.acquire(groups * M * N * 4);
  runGemm(rt, columnsShader(rt, st, tile), tile, [cols, bufferOf(dy, 'conv2dBackpropInput', 'dy'), bufferOf(w, 'conv2dBackpropInput', 'w')], { M, N, K, batches: groups, splits: 1 }, extra);
  const words = extra.words();
  const params = new Uint32Array(6 + words.length);
  params.set([count, N], 0);
  params.set(words, 6);
  rt.dispatch(col2imShader(rt, st), [bufferOf(out, 'conv2dBackpropInput', 'out'), cols], params, rt.grid1d(count));
  rt.submit();
  rt.pool.release(cols);
}
