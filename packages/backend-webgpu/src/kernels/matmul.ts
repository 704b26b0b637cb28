// The tiled GEMM every product-shaped kernel runs on (matmul here; conv2d and
// its gradients as implicit GEMMs in conv-*.ts), and the batched matmul.
//
// A workgroup of 64 threads owns a BM×BN tile of C; each thread accumulates
// an RM×RN register block (rows ty + WY·r, columns tx + WX·c, counted in vec4s
// when the block is whole vec4s, so stores and shared-memory reads run along
// neighbouring threads). BK-deep slabs of A and B are staged
// in workgroup memory through caller-supplied loaders, so transposes, im2col
// gathers and padding live in the loaders and the inner loop stays a plain
// outer product. The depth may be split across workgroups (split-K) for
// products whose depth dwarfs their output.
//
// Block size is what decides speed on CPU drivers: lavapipe runs the
// invocations as SIMD lanes and reads workgroup memory with per-lane gathers,
// so the cost is the RM + RN gathers per RM·RN multiply-adds. Measured on
// llvmpipe (512³ and 1024³, GFLOP/s, noisy shared machine): 4×4 ~2, 8×8 ~5.5,
// 8×16 ~6–8, 8×16 over vec4 slabs ~8–10. Unrolled 16×16 reached ~10 but takes
// lavapipe ~24 s to compile, so CPU blocks stop at 8×16; GPUs want fewer
// registers, so theirs stop at 8×8.
import { DTypeError, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { PRELUDE } from '../wgsl/prelude.js';
import { halfForStorage, storeAsStorage } from '../wgsl/half.js';
import { broadcastStrides, bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

/** Threads per GEMM workgroup. */
const THREADS = 64;

/** A tile shape: threads WX×WY (WX·WY = 64), per-thread block RM×RN, slab depth BK; BM = WY·RM, BN = WX·RN. */
export interface GemmTile {
  wx: number;
  wy: number;
  rm: number;
  rn: number;
  bk: number;
}

/**
 * What a GEMM kernel computes, as WGSL. `decls` binds buffers from binding 1
 * and defines `loadA(z, m, k)`, `loadB(z, k, n)` (called only in range,
 * returning `acc`; or the runs below) and `storeC(z, s, m, n, v)`, where z is
 * the batch, s the depth split, and kernel parameters start at P[6] (P[0..5]:
 * M, N, K, zBase, splits, split depth). `aMajor`/`bMajor` name the index that is contiguous
 * in memory, which the slab loads then run along (coalesced on GPUs).
 */
export interface GemmSpec {
  acc: 'f32' | 'i32';
  decls: string;
  aMajor: 'm' | 'k';
  bMajor: 'k' | 'n';
  /** Statements run once per thread before the loop, with z and s known (e.g. batch offsets into private variables). */
  prologue?: string;
  /**
   * Stage A (B) by depth runs instead of elements: `decls` then defines
   * `runA(z, m, k, count, i, kOff)` (`runB(z, n, k, count, i, kOff)`), which
   * writes depths k..k+count of row m (column n) with `putA(kOff + j, i, v)`
   * (`putB`). A run decodes its index once and steps through the depth, where
   * per-element loads would divide for every element: CPU drivers scalarize
   * vector integer division.
   */
  runA?: boolean;
  runB?: boolean;
}

/** True on CPU Vulkan/D3D drivers (lavapipe, SwiftShader, WARP), which want big register blocks. */
export function isCpuAdapter(device: GPUDevice): boolean {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
  return /llvmpipe|lavapipe|swiftshader|software|warp/i.test(text);
}

/**
 * How many workgroups the device runs side by side: the CPU's cores on a CPU
 * driver (4 where the platform does not say), 64 on a GPU.
 *
 * @example
 * ```ts
 * parallelism(false); // 64
 * ```
 */
export function parallelism(cpu: boolean): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return cpu ? Math.max(2, nav?.hardwareConcurrency ?? 4) : 64;
}

/**
 * The tile for an M×N product over `batches` batches: blocks as large as
 * the adapter likes (8×16 on CPU drivers, 8×8 on GPUs) unless M or N is
 * small, halved while the grid has fewer workgroups than the device runs side
 * by side (CPU cores; 64 on a GPU).
 *
 * @example
 * ```ts
 * gemmTile(512, 512, 1, true); // { wx: 8, wy: 8, rm: 8, rn: 16, bk: 8 }
 * ```
 */
export function gemmTile(M: number, N: number, batches: number, cpu: boolean): GemmTile {
  // Few distinct shapes, since each is a pipeline to compile (~1 s on lavapipe).
  // A single row (matrix-vector, depthwise conv) gets one thread row, not a mostly idle tile.
  if (M === 1) return { wx: 64, wy: 1, rm: 1, rn: N >= 128 ? 2 : 1, bk: 16 };
  // Thread rows and row blocks follow M, so a small M (a conv's channels per group) still
  // gets 8-row blocks (dx's M = 32: 16×4 threads of 8×8 blocks measured ~12% faster than 8×8 of 4×16).
  const [wy, rm0] = M <= 8 ? [8, 1] : M <= 16 ? [4, 4] : M <= 32 ? [4, 8] : [8, 8];
  const wx = THREADS / wy;
  let rm = rm0;
  let rn = N <= 32 ? 4 : Math.min(cpu ? 16 : 8, 128 / wx);
  const parallel = parallelism(cpu);
  const groups = () => Math.ceil(M / (wy * rm)) * Math.ceil(N / (wx * rn)) * batches;
  while (groups() < parallel && (rm > 4 || rn > 4)) {
    if (rm >= rn) rm /= 2;
    else rn /= 2;
  }
  // Slab depth keeps both slabs within 16 KiB of workgroup memory.
  return { wx, wy, rm, rn, bk: Math.max(rm, rn) >= 16 ? 8 : 16 };
}

/** Statements staging one slab (`buf`: 'A' or 'B'): `extent`×BK elements through `load` into putA/putB. */
function slabLoad(buf: string, extent: number, bk: number, iFast: boolean, load: string, limit: string, base: string): string {
  // iFast: the tile index i runs along threads; otherwise the depth index does.
  const [i, k] = iFast ? [`e % ${extent}u`, `e / ${extent}u`] : [`e / ${bk}u`, `e % ${bk}u`];
  return `
    for (var e = tid; e < ${extent * bk}u; e += ${THREADS}u) {
      let i = ${i};
      let k = ${k};
      let gi = ${base} + i;
      let gk = k0 + k;
      var v = ZERO;
      if (gi < ${limit} && gk < kEnd) { v = ${load}; }
      put${buf}(k, i, v);
    }`;
}

/** Statements staging one slab by runs: each thread owns a tile index and a share of the depth. */
function slabRuns(buf: string, extent: number, bk: number, run: string, limit: string, base: string): string {
  const body = (i: string, kOff: string, len: number) => `
      let gi = ${base} + ${i};
      let kS = k0 + ${kOff};
      var count = 0u;
      if (gi < ${limit} && kS < kEnd) {
        count = min(${len}u, kEnd - kS);
        ${run}(z, gi, kS, count, ${i}, ${kOff});
      }
      for (var j = count; j < ${len}u; j++) { put${buf}(${kOff} + j, ${i}, ZERO); }`;
  if (extent >= THREADS) return `for (var i = tid; i < ${extent}u; i += ${THREADS}u) {${body('i', '0u', bk)}
    }`;
  // Fewer indices than threads: split the depth between the threads of one index (extent, bk: powers of two).
  const parts = Math.min(THREADS / extent, bk);
  const len = bk / parts;
  return `if (tid < ${extent * parts}u) {
      let i = tid % ${extent}u;
      let kOff = (tid / ${extent}u) * ${len}u;${body('i', 'kOff', len)}
    }`;
}

/**
 * The WGSL of a GEMM kernel: grid (ceil(N/BN), ceil(M/BM), batches·splits).
 * Loops, not unrolled text: lavapipe compiles a fully unrolled 16×16 block
 * in ~24 s against ~0.5 s for these loops, which LLVM unrolls where it pays.
 *
 * @example
 * ```ts
 * const code = gemmShader(spec, gemmTile(M, N, 1, isCpuAdapter(rt.device)));
 * ```
 */
export function gemmShader(spec: GemmSpec, tile: GemmTile): string {
  const { wx, wy, rm, rn, bk } = tile;
  const bm = wy * rm;
  const bn = wx * rn;
  const t = spec.acc;
  // Blocks of whole vec4s keep slabs as vec4 rows: one vec4 read yields 4 operands
  // (15–25% faster on lavapipe at 512³–1024³ in interleaved A/B runs; the usual layout on GPUs).
  const vec = rm % 4 === 0 && rn % 4 === 0;
  // Depth-major slab stores collide in one bank on GPUs unless rows are padded.
  const aPad = spec.aMajor === 'k' ? 1 : 0;
  const bPad = spec.bMajor === 'k' ? 1 : 0;
  const slabs = vec
    ? `var<workgroup> As: array<array<vec4<${t}>, ${bm / 4 + aPad}>, ${bk}>;
var<workgroup> Bs: array<array<vec4<${t}>, ${bn / 4 + bPad}>, ${bk}>;
fn putA(k: u32, i: u32, v: ${t}) { As[k][i / 4u][i % 4u] = v; }
fn putB(k: u32, i: u32, v: ${t}) { Bs[k][i / 4u][i % 4u] = v; }`
    : `var<workgroup> As: array<array<${t}, ${bm + aPad}>, ${bk}>;
var<workgroup> Bs: array<array<${t}, ${bn + bPad}>, ${bk}>;
fn putA(k: u32, i: u32, v: ${t}) { As[k][i] = v; }
fn putB(k: u32, i: u32, v: ${t}) { Bs[k][i] = v; }`;
  // Thread (tx, ty) owns rows ty + WY·r and columns tx + WX·c (in vec4 units when vec), so
  // neighbouring threads read neighbouring slab entries and store neighbouring outputs.
  const product = vec
    ? `var a: array<vec4<${t}>, ${rm / 4}>;
      var b: array<vec4<${t}>, ${rn / 4}>;
      for (var r = 0u; r < ${rm / 4}u; r++) { a[r] = As[kk][ty + ${wy}u * r]; }
      for (var c = 0u; c < ${rn / 4}u; c++) { b[c] = Bs[kk][tx + ${wx}u * c]; }
      for (var r = 0u; r < ${rm}u; r++) {
        let av = a[r / 4u][r % 4u];
        for (var c = 0u; c < ${rn / 4}u; c++) { acc[r * ${rn / 4}u + c] += av * b[c]; }
      }`
    : `var a: array<${t}, ${rm}>;
      var b: array<${t}, ${rn}>;
      for (var r = 0u; r < ${rm}u; r++) { a[r] = As[kk][ty + ${wy}u * r]; }
      for (var c = 0u; c < ${rn}u; c++) { b[c] = Bs[kk][tx + ${wx}u * c]; }
      for (var r = 0u; r < ${rm}u; r++) {
        for (var c = 0u; c < ${rn}u; c++) { acc[r * ${rn}u + c] += a[r] * b[c]; }
      }`;
  const store = vec
    ? `for (var r = 0u; r < ${rm}u; r++) {
    let m = row0 + (ty + ${wy}u * (r / 4u)) * 4u + r % 4u;
    for (var c = 0u; c < ${rn}u; c++) {
      let n = col0 + (tx + ${wx}u * (c / 4u)) * 4u + c % 4u;
      if (m < M && n < N) { storeC(z, s, m, n, acc[r * ${rn / 4}u + c / 4u][c % 4u]); }
    }
  }`
    : `for (var r = 0u; r < ${rm}u; r++) {
    let m = row0 + ty + ${wy}u * r;
    for (var c = 0u; c < ${rn}u; c++) {
      let n = col0 + tx + ${wx}u * c;
      if (m < M && n < N) { storeC(z, s, m, n, acc[r * ${rn}u + c]); }
    }
  }`;
  return `${PRELUDE}
const ZERO = ${t}(0);
${spec.decls}
${slabs}
@compute @workgroup_size(${wx}, ${wy})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = P[0];
  let N = P[1];
  let zs = wid.z + P[3];
  let z = zs / P[4];
  let s = zs % P[4];
  let kBegin = s * P[5];
  let kEnd = min(P[2], kBegin + P[5]);
  let row0 = wid.y * ${bm}u;
  let col0 = wid.x * ${bn}u;
  let tx = lid.x;
  let ty = lid.y;
  let tid = ty * ${wx}u + tx;
  ${spec.prologue ?? ''}
  var acc: array<${vec ? `vec4<${t}>, ${(rm * rn) / 4}` : `${t}, ${rm * rn}`}>;
  for (var k0 = kBegin; k0 < kEnd; k0 += ${bk}u) {
    ${spec.runA ? slabRuns('A', bm, bk, 'runA', 'M', 'row0') : slabLoad('A', bm, bk, spec.aMajor === 'm', 'loadA(z, gi, gk)', 'M', 'row0')}
    ${spec.runB ? slabRuns('B', bn, bk, 'runB', 'N', 'col0') : slabLoad('B', bn, bk, spec.bMajor === 'n', 'loadB(z, gk, gi)', 'N', 'col0')}
    workgroupBarrier();
    for (var kk = 0u; kk < ${bk}u; kk++) {
      ${product}
    }
    workgroupBarrier();
  }
  ${store}
}`;
}

/**
 * Records a GEMM: M×N outputs per batch, depth K split into `splits` chunks
 * (a multiple of BK each), `extra` the kernel's own parameter words.
 *
 * @example
 * ```ts
 * runGemm(rt, code, tile, buffers, { M, N, K, batches: 1, splits: 1 }, new Params());
 * ```
 */
export function runGemm(
  rt: GPURuntime,
  code: string,
  tile: GemmTile,
  buffers: readonly GPUBuffer[],
  dims: { M: number; N: number; K: number; batches: number; splits: number },
  extra: Params,
): void {
  const { M, N, K, batches, splits } = dims;
  const chunk = Math.max(tile.bk, Math.ceil(K / splits / tile.bk) * tile.bk);
  const tail = extra.words();
  const maxZ = rt.device.limits.maxComputeWorkgroupsPerDimension;
  const total = batches * splits;
  for (let base = 0; base < total; base += maxZ) {
    const head = new Params().u32(M).u32(N).u32(K).u32(base).u32(splits).u32(chunk).words();
    const words = new Uint32Array(head.length + tail.length);
    words.set(head);
    words.set(tail, head.length);
    rt.dispatch(code, buffers, words, [Math.ceil(N / (tile.wx * tile.rn)), Math.ceil(M / (tile.wy * tile.rm)), Math.min(maxZ, total - base)]);
  }
}

/** The matmul shader for a storage type, transposes and tile (built once per variant by the runtime). */
function matmulShader(rt: GPURuntime, st: string, transA: boolean, transB: boolean, tile: GemmTile): string {
  return rt.shader(`matmul|${st}|${transA}|${transB}|${JSON.stringify(tile)}`, () => {
    const acc = st === 'i32' ? 'i32' : 'f32';
    // P[6..]: batchRank, then batchShape, aBatchStrides, bBatchStrides (one word per batch dim).
    const decls = /* wgsl */ `
${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> C: array<${st}>;
@group(0) @binding(2) var<storage, read> A: array<${st}>;
@group(0) @binding(3) var<storage, read> B: array<${st}>;
var<private> aOff: u32;
var<private> bOff: u32;
fn loadA(z: u32, m: u32, k: u32) -> ${acc} { return ${acc}(A[aOff + ${transA ? 'k * P[0] + m' : 'm * P[2] + k'}]); }
fn loadB(z: u32, k: u32, n: u32) -> ${acc} { return ${acc}(B[bOff + ${transB ? 'n * P[2] + k' : 'k * P[1] + n'}]); }
fn storeC(z: u32, s: u32, m: u32, n: u32, v: ${acc}) { C[(z * P[0] + m) * P[1] + n] = ${storeAsStorage(st, 'v')}; }`;
    const prologue = 'aOff = u32(stridedOffset(z, P[6], 7u, 7u + P[6]));\n  bOff = u32(stridedOffset(z, P[6], 7u, 7u + 2u * P[6]));';
    return gemmShader({ acc, decls, aMajor: transA ? 'm' : 'k', bMajor: transB ? 'k' : 'n', prologue }, tile);
  });
}

/**
 * The contract's batched `matmul` kernel with transpose flags: out[..., M, N]
 * = op(a) · op(b), batch dims broadcast.
 *
 * @example
 * ```ts
 * matmul(rt, a, b, out, false, true); // out = a · bᵀ
 * ```
 */
export function matmul(rt: GPURuntime, a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void {
  if (a.dtype !== b.dtype || a.dtype === 'bool') throw new DTypeError(`webgpu matmul: a and b must share a numeric dtype, got ${a.dtype} and ${b.dtype}`);
  const r = out.shape.length;
  const M = out.shape[r - 2];
  const N = out.shape[r - 1];
  const K = transA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  const batchShape = out.shape.slice(0, r - 2);
  const batches = sizeOf(batchShape);
  if (M * N * batches === 0) return;
  const aStrides = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * M * K);
  const bStrides = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * K * N);
  const tile = gemmTile(M, N, batches, isCpuAdapter(rt.device));
  const code = matmulShader(rt, storageType(a.dtype), transA, transB, tile);
  const buffers = [bufferOf(out, 'matmul', 'out'), bufferOf(a, 'matmul', 'a'), bufferOf(b, 'matmul', 'b')];
  const extra = new Params().u32(batchShape.length).list(batchShape).list(aStrides).list(bStrides);
  runGemm(rt, code, tile, buffers, { M, N, K, batches, splits: 1 }, extra);
}
