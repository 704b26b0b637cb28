// Row-wise fused kernels: softmax and log-softmax over the last axis, and
// layer normalization. One 64-thread workgroup per row; statistics combine
// in shared-memory trees (max, then sum of exp / mean, then variance).
// float16 rows load as f32, every statistic is f32, and each output rounds once.
import { type DType, DTypeError, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MATH } from '../wgsl/math.js';
import { PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const WG = 64;

/** WGSL: workgroup tree reductions `rowSum` and `rowMax` over one value per thread. */
const ROW_REDUCE = /* wgsl */ `
var<workgroup> scratch: array<f32, ${WG}>;
fn rowSum(v: f32, lid: u32) -> f32 {
  workgroupBarrier();
  scratch[lid] = v;
  workgroupBarrier();
  for (var span = ${WG / 2}u; span > 0u; span = span >> 1u) {
    if (lid < span) { scratch[lid] = scratch[lid] + scratch[lid + span]; }
    workgroupBarrier();
  }
  return scratch[0];
}
fn rowMax(v: f32, lid: u32) -> f32 {
  workgroupBarrier();
  scratch[lid] = v;
  workgroupBarrier();
  for (var span = ${WG / 2}u; span > 0u; span = span >> 1u) {
    if (lid < span) { scratch[lid] = maxF(scratch[lid], scratch[lid + span]); }
    workgroupBarrier();
  }
  return scratch[0];
}`;

const ROW_MAIN = /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // P: rows, D, eps
  let row = wid.x + wid.y * nwg.x;
  let D = P[1];
  // Rows past the end still join the barriers, on a clamped row, and write nothing.
  let live = row < P[0];
  let base = min(row, P[0] - 1u) * D;`;

/** Bindings of one float dtype: `out` and `x` (plus `more`), `ld(k)` = x[k] as f32, `put(k, v)` rounds once. */
function rowHeader(dt: DType, more = ''): string {
  const st = storageType(dt);
  return `${halfHelpers([dt])}
@group(0) @binding(1) var<storage, read_write> out: array<${st}>;
@group(0) @binding(2) var<storage, read> x: array<${st}>;
${more.replaceAll('ST', st)}
fn ld(k: u32) -> f32 { return f32(x[k]); }
fn put(k: u32, v: f32) { out[k] = ${storeFloat('v', dt)}; }`;
}

function softmaxShader(log: boolean, dt: DType): string {
  return `${PRELUDE}${MATH}${rowHeader(dt)}
${ROW_REDUCE}
${ROW_MAIN}
  var m = -infF();
  for (var k = lid; k < D; k += ${WG}u) { m = maxF(m, ld(base + k)); }
  m = rowMax(m, lid);
  var s = 0.0;
  for (var k = lid; k < D; k += ${WG}u) { s += exp(ld(base + k) - m); }
  s = rowSum(s, lid);
  if (!live) { return; }
  for (var k = lid; k < D; k += ${WG}u) {
    ${log ? 'put(base + k, ld(base + k) - m - log(s));' : 'put(base + k, exp(ld(base + k) - m) / s);'}
  }
}`;
}

/** Throws unless every tensor has out's dtype (the kernels bind one float type). */
function sameDType(op: string, out: TensorInfo, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== out.dtype) throw new DTypeError(`webgpu ${op}: '${name}' is ${t.dtype} but out is ${out.dtype}`);
  }
}

function rowDispatch(rt: GPURuntime, code: string, buffers: GPUBuffer[], x: TensorInfo, eps: number): void {
  const D = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const n = x.shape.reduce((a, b) => a * b, 1);
  if (n === 0 || D === 0) return;
  const rows = n / D;
  rt.dispatch(code, buffers, new Params().u32(rows).u32(D).f32(eps).words(), rt.grid1d(rows, 1));
}

/** Softmax over the last axis. */
export function softmax(rt: GPURuntime, x: TensorInfo, out: TensorInfo): void {
  sameDType('softmax', out, { x });
  rowDispatch(rt, rt.shader(`softmax:${out.dtype}`, () => softmaxShader(false, out.dtype)), [bufferOf(out, 'softmax', 'out'), bufferOf(x, 'softmax', 'x')], x, 0);
}

/** Log-softmax over the last axis. */
export function logSoftmax(rt: GPURuntime, x: TensorInfo, out: TensorInfo): void {
  sameDType('logSoftmax', out, { x });
  rowDispatch(rt, rt.shader(`logSoftmax:${out.dtype}`, () => softmaxShader(true, out.dtype)), [bufferOf(out, 'logSoftmax', 'out'), bufferOf(x, 'logSoftmax', 'x')], x, 0);
}

const layerNormShader = (dt: DType): string => `${PRELUDE}${MATH}${rowHeader(
  dt,
  `@group(0) @binding(3) var<storage, read> gamma: array<ST>;
@group(0) @binding(4) var<storage, read> beta: array<ST>;`,
)}
${ROW_REDUCE}
${ROW_MAIN}
  var s = 0.0;
  for (var k = lid; k < D; k += ${WG}u) { s += ld(base + k); }
  let mean = rowSum(s, lid) / f32(D);
  var q = 0.0;
  for (var k = lid; k < D; k += ${WG}u) { let d = ld(base + k) - mean; q += d * d; }
  let inv = 1.0 / sqrt(rowSum(q, lid) / f32(D) + pf(2));
  if (!live) { return; }
  for (var k = lid; k < D; k += ${WG}u) { put(base + k, (ld(base + k) - mean) * inv * f32(gamma[k]) + f32(beta[k])); }
}`;

/** Layer normalization over the last axis (two-pass mean and biased variance). */
export function layerNorm(rt: GPURuntime, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void {
  sameDType('layerNorm', out, { x, gamma, beta });
  const buffers = [bufferOf(out, 'layerNorm', 'out'), bufferOf(x, 'layerNorm', 'x'), bufferOf(gamma, 'layerNorm', 'gamma'), bufferOf(beta, 'layerNorm', 'beta')];
  rowDispatch(rt, layerNormShader(out.dtype), buffers, x, eps);
}
