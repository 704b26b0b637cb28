import type { DType, KernelTable, TensorInfo } from '@dendrite/core';
import type { WasmRuntimeControl } from './runtime.js';

/** A few rounds on 64×64 matrices and a small convolution: enough loop iterations to trigger tier-up, a few milliseconds in all. */
const ROUNDS = 3;

/**
 * Runs the hot kernels a few times on small inputs so that V8 tiers them up
 * from its baseline compiler before the first real call (the compiled code
 * is shared with the workers, which use the same module).
 */
export function warmUp(rt: WasmRuntimeControl, k: KernelTable): void {
  const ptrs: number[] = [];
  const info = (dtype: DType, shape: number[]): TensorInfo => {
    const bytes = shape.reduce((p, d) => p * d, 1) * (dtype === 'bool' ? 1 : 4);
    const ptr = rt.malloc(bytes);
    ptrs.push(ptr);
    return { handle: { ptr, size: bytes, dtype, bytes }, shape, dtype };
  };
  try {
    const a = info('float32', [64, 64]);
    const b = info('float32', [64, 64]);
    const row = info('float32', [64]);
    const out = info('float32', [64, 64]);
    const mask = info('bool', [64, 64]);
    const col = info('float32', [64]);
    // A small convolution with a pooled output: conv2d, its two gradients and both poolings.
    const img = info('float32', [2, 4, 8, 8]);
    const filt = info('float32', [4, 4, 3, 3]);
    const convOut = info('float32', [2, 4, 8, 8]);
    const pooled = info('float32', [2, 4, 4, 4]);
    const conv = { stride: [1, 1] as [number, number], pad: [1, 1, 1, 1] as [number, number, number, number], dilation: [1, 1] as [number, number], groups: 1 };
    const pool = { kernel: [2, 2] as [number, number], stride: [2, 2] as [number, number], pad: [0, 0, 0, 0] as [number, number, number, number], countIncludePad: true };
    for (let r = 0; r < ROUNDS; r++) {
      k.random(a, { kind: 'uniform', key0: 1, key1: 2, offset: 0, a: -1, b: 1 });
      k.fill(b, 0.5);
      for (const op of ['exp', 'tanh', 'sigmoid', 'relu', 'gelu', 'log1p'] as const) k.unary(a, out, op, 0);
      for (const op of ['add', 'mul', 'sub', 'div'] as const) k.binary(a, b, out, op);
      k.binary(a, row, out, 'add');
      k.binary(a, b, mask, 'gt');
      k.where(mask, a, b, out);
      k.reduce(a, col, 'sum', [1]);
      k.reduce(a, row, 'sum', [0]);
      k.reduce(a, col, 'max', [1]);
      k.transpose(a, out, [1, 0]);
      k.expand(row, out);
      k.matmul(a, b, out, false, false);
      k.matmul(a, b, out, true, false);
      k.matmul(a, b, out, false, true);
      k.fill(img, 0.25);
      k.fill(filt, -0.5);
      k.conv2d?.(img, filt, convOut, conv);
      k.conv2dBackpropInput?.(convOut, filt, img, conv);
      k.conv2dBackpropFilter?.(img, convOut, filt, conv);
      k.maxPool2d?.(convOut, pooled, pool);
      k.maxPool2dBackward?.(pooled, convOut, img, pool);
      k.avgPool2d?.(convOut, pooled, pool);
      k.softmax?.(a, out);
      k.logSoftmax?.(a, out);
    }
  } finally {
    for (const p of ptrs) rt.release(p);
  }
}
