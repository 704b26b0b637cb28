// Runs one kernel call on the WebGPU backend and on core's reference backend
// (float64 math, one rounding to float32) with the same inputs, and compares.
import type { Backend, DType, KernelTable, TensorInfo } from '@dendrite/core';
import { createReferenceBackend } from '@dendrite/core/testing';
import { expect } from 'vitest';
import { Tensors, worstError } from './helpers.js';

/** A tensor on both backends. */
export interface TwinTensor {
  gpu: TensorInfo;
  ref: TensorInfo;
}

/** Paired tensors on the WebGPU and reference backends. */
export class Twin {
  readonly gpu: Tensors;
  readonly ref: Tensors;

  constructor(backend: Backend) {
    this.gpu = new Tensors(backend);
    this.ref = new Tensors(createReferenceBackend());
  }

  /** Inputs with `data`, or poisoned outputs when data is omitted. */
  put(dtype: DType, shape: readonly number[], data?: ArrayLike<number>): TwinTensor {
    return { gpu: this.gpu.put(dtype, shape, data), ref: this.ref.put(dtype, shape, data) };
  }

  /** Runs `call` with each backend's kernels and tensors. */
  run(call: (k: KernelTable, side: 'gpu' | 'ref') => void): void {
    call(this.gpu.backend.kernels, 'gpu');
    call(this.ref.backend.kernels, 'ref');
  }

  /** Expects out's elements to agree within atol + rtol·|want| (NaN matches NaN). */
  async expectClose(out: TwinTensor, atol: number, rtol: number, label: string): Promise<void> {
    const got = await this.gpu.get(out.gpu);
    const want = await this.ref.get(out.ref);
    const { ratio, at } = worstError(got, want, atol, rtol);
    expect(ratio, `${label}: at ${at} got ${got[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
  }
}
