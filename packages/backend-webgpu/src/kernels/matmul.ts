// Batched matmul: 32×32 output tiles per workgroup of 8×8 threads, each
// thread accumulating a 4×4 register block; 32-deep slabs of A and B are
// staged in workgroup memory. Transposes are absorbed by the tile loads, and
// batch dims broadcast through per-operand batch strides (0 where broadcast).
import { DTypeError, type TensorInfo, sizeOf } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { PRELUDE } from '../wgsl/prelude.js';
import { broadcastStrides, bufferOf } from './layout.js';
import { Params } from './params.js';

const TILE = 32;

function matmulShader(t: 'f32' | 'i32'): string {
  const zero = t === 'f32' ? '0.0' : '0';
  // P: M, N, K, batchRank, transA, transB, batchBase, (pad), batchShape[r], aBatchStrides[r], bBatchStrides[r]
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> C: array<${t}>;
@group(0) @binding(2) var<storage, read> A: array<${t}>;
@group(0) @binding(3) var<storage, read> B: array<${t}>;
var<workgroup> As: array<array<${t}, ${TILE}>, ${TILE}>;
var<workgroup> Bs: array<array<${t}, ${TILE}>, ${TILE}>;
@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = P[0];
  let N = P[1];
  let K = P[2];
  let br = P[3];
  let transA = P[4] == 1u;
  let transB = P[5] == 1u;
  let batch = wid.z + P[6];
  let aOff = u32(stridedOffset(batch, br, 8u, 8u + br));
  let bOff = u32(stridedOffset(batch, br, 8u, 8u + 2u * br));
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let tid = lid.y * 8u + lid.x;
  var acc: array<array<${t}, 4>, 4>;
  for (var r = 0u; r < 4u; r++) { for (var c = 0u; c < 4u; c++) { acc[r][c] = ${zero}; } }
  for (var k0 = 0u; k0 < K; k0 += ${TILE}u) {
    for (var e = 0u; e < 16u; e++) {
      let flat = e * 64u + tid;
      let p = flat / ${TILE}u;
      let q = flat % ${TILE}u;
      // A tile element (m = row0 + p, k = k0 + q); B tile element (k = k0 + p, n = col0 + q).
      let gm = row0 + p;
      let gk = k0 + q;
      var av = ${zero};
      if (gm < M && gk < K) { av = A[aOff + select(gm * K + gk, gk * M + gm, transA)]; }
      As[q][p] = av;
      let bk = k0 + p;
      let bn = col0 + q;
      var bv = ${zero};
      if (bk < K && bn < N) { bv = B[bOff + select(bk * N + bn, bn * K + bk, transB)]; }
      Bs[p][q] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE}u; kk++) {
      var a: array<${t}, 4>;
      var b: array<${t}, 4>;
      for (var r = 0u; r < 4u; r++) { a[r] = As[kk][lid.y + 8u * r]; b[r] = Bs[kk][lid.x + 8u * r]; }
      for (var r = 0u; r < 4u; r++) { for (var c = 0u; c < 4u; c++) { acc[r][c] += a[r] * b[c]; } }
    }
    workgroupBarrier();
  }
  let cOff = batch * M * N;
  for (var r = 0u; r < 4u; r++) {
    let m = row0 + lid.y + 8u * r;
    for (var c = 0u; c < 4u; c++) {
      let n = col0 + lid.x + 8u * c;
      if (m < M && n < N) { C[cOff + m * N + n] = acc[r][c]; }
    }
  }
}`;
}

/** The contract's batched `matmul` kernel with transpose flags. */
export function matmul(rt: GPURuntime, a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void {
  if (a.dtype !== b.dtype || a.dtype === 'bool') throw new DTypeError(`webgpu matmul: a and b must both be float32 or int32, got ${a.dtype} and ${b.dtype}`);
  const r = out.shape.length;
  const M = out.shape[r - 2];
  const N = out.shape[r - 1];
  const K = transA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  const batchShape = out.shape.slice(0, r - 2);
  const batches = sizeOf(batchShape);
  if (M * N * batches === 0) return;
  const aStrides = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * M * K);
  const bStrides = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * K * N);
  const code = matmulShader(a.dtype === 'float32' ? 'f32' : 'i32');
  const buffers = [bufferOf(out, 'matmul', 'out'), bufferOf(a, 'matmul', 'a'), bufferOf(b, 'matmul', 'b')];
  const maxZ = rt.device.limits.maxComputeWorkgroupsPerDimension;
  for (let base = 0; base < batches; base += maxZ) {
    const p = new Params()
      .u32(M).u32(N).u32(K).u32(batchShape.length).u32(transA ? 1 : 0).u32(transB ? 1 : 0).u32(base).u32(0)
      .list(batchShape).list(aStrides).list(bStrides);
    rt.dispatch(code, buffers, p.words(), [Math.ceil(N / TILE), Math.ceil(M / TILE), Math.min(maxZ, batches - base)]);
  }
}
