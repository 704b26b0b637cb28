// Batch normalization with given statistics and layer normalization over the
// last axis (two-pass mean and biased variance, in float64).
import type { TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape, sizeOf } from '../shape.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * out = (x − mean[c]) / sqrt(variance[c] + eps) · gamma[c] + beta[c] for x [N, C, ...].
 *
 * @example
 * ```ts
 * batchNormKernel(x, mean, variance, gamma, beta, out, 1e-5);
 * ```
 */
export function batchNormKernel(
  x: TensorInfo,
  mean: TensorInfo,
  variance: TensorInfo,
  gamma: TensorInfo,
  beta: TensorInfo,
  out: TensorInfo,
  eps: number,
): void {
  const xs = dataOf(x, 'batchNorm', 'x');
  const ms = dataOf(mean, 'batchNorm', 'mean');
  const vs = dataOf(variance, 'batchNorm', 'variance');
  const gs = dataOf(gamma, 'batchNorm', 'gamma');
  const bs = dataOf(beta, 'batchNorm', 'beta');
  const os = dataOf(out, 'batchNorm', 'out');
  const channels = x.shape[1];
  if (x.shape.length < 2 || [ms, vs, gs, bs].some((p) => p.length !== channels)) {
    throw new ShapeError(`reference.batchNorm: x ${fmtShape(x.shape)} needs [N, C, ...] and mean/variance/gamma/beta of C = ${channels} elements`);
  }
  const inner = sizeOf(x.shape.slice(2));
  for (let i = 0; i < xs.length; i++) {
    const c = Math.floor(i / inner) % channels;
    storeAs(os, i, ((xs[i] - ms[c]) / Math.sqrt(vs[c] + eps)) * gs[c] + bs[c], out.dtype);
  }
}

/**
 * out = (x − mean) / sqrt(var + eps) · gamma + beta over the last axis (biased variance).
 *
 * @example
 * ```ts
 * layerNormKernel(x, gamma, beta, out, 1e-5);
 * ```
 */
export function layerNormKernel(x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void {
  const xs = dataOf(x, 'layerNorm', 'x');
  const gs = dataOf(gamma, 'layerNorm', 'gamma');
  const bs = dataOf(beta, 'layerNorm', 'beta');
  const os = dataOf(out, 'layerNorm', 'out');
  const d = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  if (gs.length !== d || bs.length !== d) {
    throw new ShapeError(`reference.layerNorm: gamma and beta must have the last dimension of x ${fmtShape(x.shape)} (${d}), got ${gs.length} and ${bs.length}`);
  }
  if (d === 0) return;
  for (let start = 0; start < xs.length; start += d) {
    let mean = 0;
    for (let k = 0; k < d; k++) mean += xs[start + k];
    mean /= d;
    let variance = 0;
    for (let k = 0; k < d; k++) variance += (xs[start + k] - mean) ** 2;
    variance /= d;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let k = 0; k < d; k++) storeAs(os, start + k, (xs[start + k] - mean) * inv * gs[k] + bs[k], out.dtype);
  }
}
