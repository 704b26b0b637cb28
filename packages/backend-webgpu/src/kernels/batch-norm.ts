// Batch normalization with given per-channel statistics: elementwise.
import { type TensorInfo, sizeOf } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf } from './layout.js';
import { Params } from './params.js';

const BATCH_NORM = /* wgsl */ `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> variance: array<f32>;
@group(0) @binding(5) var<storage, read> gamma: array<f32>;
@group(0) @binding(6) var<storage, read> beta: array<f32>;
${MAIN_1D}
  // P: n, C, inner, eps
  let c = (i / P[2]) % P[1];
  out[i] = (x[i] - mean[c]) / sqrt(variance[c] + pf(3)) * gamma[c] + beta[c];
}`;

/** out = (x − mean) / √(variance + eps) · gamma + beta, per channel of x [N, C, ...]. */
export function batchNorm(
  rt: GPURuntime,
  x: TensorInfo,
  mean: TensorInfo,
  variance: TensorInfo,
  gamma: TensorInfo,
  beta: TensorInfo,
  out: TensorInfo,
  eps: number,
): void {
  const n = sizeOf(x.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(x.shape[1]).u32(sizeOf(x.shape.slice(2))).f32(eps);
  const buffers = [out, x, mean, variance, gamma, beta].map((t, k) => bufferOf(t, 'batchNorm', ['out', 'x', 'mean', 'variance', 'gamma', 'beta'][k]));
  rt.dispatch(BATCH_NORM, buffers, p.words(), rt.grid1d(n));
}
