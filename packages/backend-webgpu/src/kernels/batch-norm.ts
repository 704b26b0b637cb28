// Batch normalization with given per-channel statistics: elementwise, in f32
// (float16 tensors widen on load and round once on store).
import { type DType, DTypeError, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const NAMES = ['out', 'x', 'mean', 'variance', 'gamma', 'beta'];

const batchNormShader = (dt: DType): string => `${PRELUDE}${halfHelpers([dt])}
${NAMES.map((name, k) => `@group(0) @binding(${k + 1}) var<storage, ${k === 0 ? 'read_write' : 'read'}> ${name}: array<${storageType(dt)}>;`).join('\n')}
${MAIN_1D}
  // P: n, C, inner, eps
  let c = (i / P[2]) % P[1];
  let r = (f32(x[i]) - f32(mean[c])) / sqrt(f32(variance[c]) + pf(3)) * f32(gamma[c]) + f32(beta[c]);
  out[i] = ${storeFloat('r', dt)};
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
  const tensors = [out, x, mean, variance, gamma, beta];
  tensors.forEach((t, k) => {
    if (t.dtype !== out.dtype) throw new DTypeError(`webgpu batchNorm: '${NAMES[k]}' is ${t.dtype} but out is ${out.dtype}`);
  });
  const n = sizeOf(x.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(x.shape[1]).u32(sizeOf(x.shape.slice(2))).f32(eps);
  const buffers = tensors.map((t, k) => bufferOf(t, 'batchNorm', NAMES[k]));
  rt.dispatch(batchNormShader(out.dtype), buffers, p.words(), rt.grid1d(n));
}
