// The filter gradient of conv2d as a GEMM per group: dW[co, q] = Σ_p dy[co, p]
// · im2col(X)[p, q], with co the group's output channels (rows), q = (cg, ky,
// kx) the filter taps (columns) and the depth p = (n, oy, ox) every output
// position. That depth dwarfs the output (a 3×3 filter has few taps and a
// batch many positions), so it is split across workgroups when the output
// alone gives too few of them: each split writes an f32 partial product and a
// second pass sums the splits in a fixed order (deterministic, no atomics).
import { type Conv2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { CONV_GEOMETRY, convParams } from './conv-geometry.js';
import { halfForStorage, storeAsStorage } from '../wgsl/half.js';
import { bufferOf, storageType } from './layout.js';
import { type GemmTile, gemmShader, gemmTile, isCpuAdapter, parallelism, runGemm } from './matmul.js';
import { Params } from './params.js';


/** The GEMM; `split` makes it store f32 partials [splits, groups, COG, taps] instead of dW. */
function backpropFilterShader(rt: GPURuntime, st: string, tile: GemmTile, split: boolean): string {
  return rt.shader(`conv2dBackpropFilter|${st}|${split}|${JSON.stringify(tile)}`, () => {
    const store = split
      ? `GW[((s * P[21] + z) * COG() + m) * P[1] + n] = v;`
      : `GW[(z * COG() + m) * P[1] + n] = ${storeAsStorage(st, 'v')};`;
    const decls = /* wgsl */ `${CONV_GEOMETRY}
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> GW: array<${split ? 'f32' : st}>;
@group(0) @binding(2) var<storage, read> X: array<${st}>;
@group(0) @binding(3) var<storage, read> DY: array<${st}>;
// Depths k..k+count of dy row co: consecutive positions, stepping to the next image at a plane's end.
fn runA(z: u32, m: u32, k: u32, count: u32, i: u32, kOff: u32) {
  let ohw = P[11] * P[12];
  var b = k / ohw;
  var rem = k % ohw;
  for (var j = 0u; j < count; j++) {
    putA(kOff + j, i, f32(DY[(b * CO() + z * COG() + m) * ohw + rem]));
    rem++;
    if (rem == ohw) {
      rem = 0u;
      b++;
    }
  }
}
// Depths k..k+count of filter tap n: the X cells that tap reads at consecutive output positions.
fn runB(z: u32, n: u32, k: u32, count: u32, i: u32, kOff: u32) {
  let kx = i32(n % P[14]);
  let ky = i32((n / P[14]) % P[13]);
  let cg = n / KHW();
  var ox = i32(k % P[12]);
  var oy = i32((k / P[12]) % P[11]);
  var b = k / (P[11] * P[12]);
  for (var j = 0u; j < count; j++) {
    let iy = oy * SH() - PT() + ky * DH();
    let ix = ox * SW() - PL() + kx * DW();
    var v = 0.0;
    if (iy >= 0 && iy < H() && ix >= 0 && ix < W()) { v = f32(X[((b * C() + z * CG() + cg) * u32(H()) + u32(iy)) * u32(W()) + u32(ix)]); }
    putB(kOff + j, i, v);
    ox++;
    if (ox == OW()) {
      ox = 0;
      oy++;
      if (oy == OH()) {
        oy = 0;
        b++;
      }
    }
  }
}
fn storeC(z: u32, s: u32, m: u32, n: u32, v: f32) { ${store} }`;
    return gemmShader({ acc: 'f32', decls, aMajor: 'k', bMajor: 'k', runA: true, runB: true }, tile);
  });
}

/** Sums `P[1]` partial products of `P[0]` elements each, in split order. */
function reduceShader(rt: GPURuntime, st: string): string {
  return rt.shader(`conv2dBackpropFilter|reduce|${st}`, () => `${PRELUDE}
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> out: array<${st}>;
@group(0) @binding(2) var<storage, read> part: array<f32>;
${MAIN_1D}
  var acc = 0.0;
  for (var s = 0u; s < P[1]; s++) { acc += part[s * P[0] + i]; }
  out[i] = ${storeAsStorage(st, 'acc')};
}`);
}

/**
 * How many ways to split a depth of K over `groups` workgroups: enough to
 * occupy the device twice over, each split at least 512 deep (shallower
 * splits spend more on the partials than they save).
 */
function depthSplits(K: number, groups: number, cpu: boolean): number {
  const wanted = Math.ceil((2 * parallelism(cpu)) / groups);
  return Math.max(1, Math.min(wanted, Math.floor(K / 512)));
}

/**
 * Gradient of conv2d w.r.t. its filter: x, dy → out [Cout, C/groups, KH, KW].
 *
 * @example
 * ```ts
 * conv2dBackpropFilter(rt, x, dy, dw, attrs);
 * ```
 */
export function conv2dBackpropFilter(rt: GPURuntime, x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const count = sizeOf(out.shape);
  if (count === 0) return;
  const groups = attrs.groups;
  const M = out.shape[0] / groups;
  const N = out.shape[1] * out.shape[2] * out.shape[3];
  const K = dy.shape[0] * dy.shape[2] * dy.shape[3];
  const cpu = isCpuAdapter(rt.device);
  const tile = gemmTile(M, N, groups, cpu);
  const tiles = Math.ceil(M / (tile.wy * tile.rm)) * Math.ceil(N / (tile.wx * tile.rn)) * groups;
  const splits = depthSplits(K, tiles, cpu);
  const st = storageType(x.dtype);
  const extra = convParams(x.shape, out.shape, dy.shape, attrs);
  const inputs = [bufferOf(x, 'conv2dBackpropFilter', 'x'), bufferOf(dy, 'conv2dBackpropFilter', 'dy')];
  const dw = bufferOf(out, 'conv2dBackpropFilter', 'out');
  if (splits === 1) {
    runGemm(rt, backpropFilterShader(rt, st, tile, false), tile, [dw, ...inputs], { M, N, K, batches: groups, splits: 1 }, extra);
    return;
  }
  const partials = rt.pool.acquire(splits * count * 4);
  runGemm(rt, backpropFilterShader(rt, st, tile, true), tile, [partials, ...inputs], { M, N, K, batches: groups, splits }, extra);
  rt.dispatch(reduceShader(rt, st), [dw, partials], new Params().u32(count).u32(splits).words(), rt.grid1d(count));
  // Submitted before release: the pool may destroy a buffer it does not keep, which a pending encoder must not see.
  rt.submit();
  rt.pool.release(partials);
}
