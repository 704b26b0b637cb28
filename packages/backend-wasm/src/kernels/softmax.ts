import type { TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';

// Softmax / log-softmax over the last axis (assembly/softmax.ts): the tensor
// is a [rows, d] matrix; threads split rows.

const ptrOf = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;

function rowsAndWidth(x: TensorInfo): [number, number] {
  const d = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const total = x.shape.reduce((p, s) => p * s, 1);
  return [d === 0 ? 0 : total / d, d];
}

/**
 * Softmax over the last axis (a scalar is treated as one row of one).
 *
 * @example
 * ```ts
 * softmax(rt, logits, probs);
 * ```
 */
export function softmax(rt: WasmRuntime, x: TensorInfo, out: TensorInfo): void {
  const [rows, d] = rowsAndWidth(x);
  launch(rt, 'softmaxRows', [ptrOf(x), ptrOf(out), rows, d], rows * d * 4);
}

/**
 * Log-softmax over the last axis: x - max - log Σ exp(x - max).
 *
 * @example
 * ```ts
 * logSoftmax(rt, logits, logProbs);
 * ```
 */
export function logSoftmax(rt: WasmRuntime, x: TensorInfo, out: TensorInfo): void {
  const [rows, d] = rowsAndWidth(x);
  launch(rt, 'logSoftmaxRows', [ptrOf(x), ptrOf(out), rows, d], rows * d * 4);
}
