import type { TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';

// Batch and layer normalization (assembly/norm.ts).

const ptrOf = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;
const product = (dims: readonly number[]) => dims.reduce((p, s) => p * s, 1);

/**
 * Batch normalization with given statistics: x [N, C, ...] and per-channel
 * mean, variance, gamma, beta [C]; out = (x - mean) / sqrt(variance + eps) · gamma + beta.
 *
 * @example
 * ```ts
 * batchNorm(rt, x, runningMean, runningVar, gamma, beta, out, 1e-5);
 * ```
 */
export function batchNorm(rt: WasmRuntime, x: TensorInfo, mean: TensorInfo, variance: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void {
  const [n, c] = x.shape;
  const spatial = product(x.shape.slice(2));
  launch(rt, 'batchNorm', [ptrOf(x), ptrOf(mean), ptrOf(variance), ptrOf(gamma), ptrOf(beta), ptrOf(out), n, c, spatial, eps], n * c * spatial);
}

/**
 * Layer normalization over the last axis (biased variance): gamma, beta [D].
 *
 * @example
 * ```ts
 * layerNorm(rt, x, gamma, beta, out, 1e-5);
 * ```
 */
export function layerNorm(rt: WasmRuntime, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void {
  const d = x.shape[x.shape.length - 1];
  const rows = d === 0 ? 0 : product(x.shape) / d;
  launch(rt, 'layerNorm', [ptrOf(x), ptrOf(gamma), ptrOf(beta), ptrOf(out), rows, d, eps], rows * d * 3);
}
