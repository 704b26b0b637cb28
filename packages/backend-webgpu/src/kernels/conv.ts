// conv2d and its two gradients (convTranspose2d is the input gradient),
// grouped, strided, dilated and padded. Forward and input-gradient run one
// thread per output element; the filter gradient runs one 64-thread
// workgroup per filter element, reducing over batch and positions in a tree.
import { type Conv2dAttrs, type TensorInfo, sizeOf } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf } from './layout.js';
import { Params } from './params.js';

/** P: count, N, C, H, W, Cout, OH, OW, KH, KW, SH, SW, padTop, padLeft, DH, DW, groups. */
function convParams(count: number, x: readonly number[], w: readonly number[], y: readonly number[], a: Conv2dAttrs): Uint32Array {
  return new Params()
    .u32(count).u32(x[0]).u32(x[1]).u32(x[2]).u32(x[3]).u32(w[0]).u32(y[2]).u32(y[3]).u32(w[2]).u32(w[3])
    .u32(a.stride[0]).u32(a.stride[1]).i32(a.pad[0]).i32(a.pad[2]).u32(a.dilation[0]).u32(a.dilation[1]).u32(a.groups)
    .words();
}

const GEOMETRY = /* wgsl */ `
fn N() -> u32 { return P[1]; }
fn C() -> u32 { return P[2]; }
fn H() -> i32 { return i32(P[3]); }
fn W() -> i32 { return i32(P[4]); }
fn CO() -> u32 { return P[5]; }
fn OH() -> i32 { return i32(P[6]); }
fn OW() -> i32 { return i32(P[7]); }
fn KH() -> i32 { return i32(P[8]); }
fn KW() -> i32 { return i32(P[9]); }
fn SH() -> i32 { return i32(P[10]); }
fn SW() -> i32 { return i32(P[11]); }
fn DH() -> i32 { return i32(P[14]); }
fn DW() -> i32 { return i32(P[15]); }
fn CG() -> u32 { return P[2] / P[16]; }
fn COG() -> u32 { return P[5] / P[16]; }
`;

const FORWARD = /* wgsl */ `${PRELUDE}${GEOMETRY}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> Wt: array<f32>;
${MAIN_1D}
  let ox = i32(i % u32(OW()));
  let oy = i32((i / u32(OW())) % u32(OH()));
  let co = (i / u32(OW() * OH())) % CO();
  let n = i / (u32(OW() * OH()) * CO());
  let g = co / COG();
  var acc = 0.0;
  for (var cg = 0u; cg < CG(); cg++) {
    let plane = (n * C() + g * CG() + cg) * u32(H() * W());
    let wBase = (co * CG() + cg) * u32(KH() * KW());
    for (var ky = 0; ky < KH(); ky++) {
      let iy = oy * SH() - pi(12) + ky * DH();
      if (iy < 0 || iy >= H()) { continue; }
      for (var kx = 0; kx < KW(); kx++) {
        let ix = ox * SW() - pi(13) + kx * DW();
        if (ix < 0 || ix >= W()) { continue; }
        acc += X[plane + u32(iy * W() + ix)] * Wt[wBase + u32(ky * KW() + kx)];
      }
    }
  }
  out[i] = acc;
}`;

const BACKPROP_INPUT = /* wgsl */ `${PRELUDE}${GEOMETRY}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> DY: array<f32>;
@group(0) @binding(3) var<storage, read> Wt: array<f32>;
${MAIN_1D}
  let ix = i32(i % u32(W()));
  let iy = i32((i / u32(W())) % u32(H()));
  let c = (i / u32(W() * H())) % C();
  let n = i / (u32(W() * H()) * C());
  let g = c / CG();
  let cg = c % CG();
  var acc = 0.0;
  for (var k = 0u; k < COG(); k++) {
    let co = g * COG() + k;
    let plane = (n * CO() + co) * u32(OH() * OW());
    let wBase = (co * CG() + cg) * u32(KH() * KW());
    for (var ky = 0; ky < KH(); ky++) {
      let ty = iy + pi(12) - ky * DH();
      if (ty < 0 || ty % SH() != 0 || ty / SH() >= OH()) { continue; }
      for (var kx = 0; kx < KW(); kx++) {
        let tx = ix + pi(13) - kx * DW();
        if (tx < 0 || tx % SW() != 0 || tx / SW() >= OW()) { continue; }
        acc += DY[plane + u32((ty / SH()) * OW() + tx / SW())] * Wt[wBase + u32(ky * KW() + kx)];
      }
    }
  }
  out[i] = acc;
}`;

const BACKPROP_FILTER = /* wgsl */ `${PRELUDE}${GEOMETRY}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> DY: array<f32>;
var<workgroup> scratch: array<f32, 64>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = wid.x + wid.y * nwg.x;
  let live = e < P[0];
  let kx = i32(e % u32(KW()));
  let ky = i32((e / u32(KW())) % u32(KH()));
  let cg = (e / u32(KW() * KH())) % CG();
  let co = e / (u32(KW() * KH()) * CG());
  let c = (co / COG()) * CG() + cg;
  let positions = N() * u32(OH() * OW());
  var acc = 0.0;
  if (live) {
    for (var p = lid; p < positions; p += 64u) {
      let ox = i32(p % u32(OW()));
      let oy = i32((p / u32(OW())) % u32(OH()));
      let n = p / u32(OW() * OH());
      let iy = oy * SH() - pi(12) + ky * DH();
      let ix = ox * SW() - pi(13) + kx * DW();
      if (iy >= 0 && iy < H() && ix >= 0 && ix < W()) {
        acc += X[(n * C() + c) * u32(H() * W()) + u32(iy * W() + ix)] * DY[(n * CO() + co) * u32(OH() * OW()) + u32(oy * OW() + ox)];
      }
    }
  }
  scratch[lid] = acc;
  workgroupBarrier();
  for (var span = 32u; span > 0u; span = span >> 1u) {
    if (lid < span) { scratch[lid] = scratch[lid] + scratch[lid + span]; }
    workgroupBarrier();
  }
  if (live && lid == 0u) { out[e] = scratch[0]; }
}`;

/** conv2d forward: x [N, C, H, W], w [Cout, C/groups, KH, KW] → out [N, Cout, OH, OW]. */
export function conv2d(rt: GPURuntime, x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const buffers = [bufferOf(out, 'conv2d', 'out'), bufferOf(x, 'conv2d', 'x'), bufferOf(w, 'conv2d', 'w')];
  rt.dispatch(FORWARD, buffers, convParams(n, x.shape, w.shape, out.shape, attrs), rt.grid1d(n));
}

/** Gradient of conv2d w.r.t. its input (also convTranspose2d): dy, w → out [N, C, H, W]. */
export function conv2dBackpropInput(rt: GPURuntime, dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const buffers = [bufferOf(out, 'conv2dBackpropInput', 'out'), bufferOf(dy, 'conv2dBackpropInput', 'dy'), bufferOf(w, 'conv2dBackpropInput', 'w')];
  rt.dispatch(BACKPROP_INPUT, buffers, convParams(n, out.shape, w.shape, dy.shape, attrs), rt.grid1d(n));
}

/** Gradient of conv2d w.r.t. its filter: x, dy → out [Cout, C/groups, KH, KW]. */
export function conv2dBackpropFilter(rt: GPURuntime, x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const buffers = [bufferOf(out, 'conv2dBackpropFilter', 'out'), bufferOf(x, 'conv2dBackpropFilter', 'x'), bufferOf(dy, 'conv2dBackpropFilter', 'dy')];
  rt.dispatch(BACKPROP_FILTER, buffers, convParams(n, x.shape, out.shape, dy.shape, attrs), rt.grid1d(n, 1));
}
