// Shape-only layers: Flatten and Reshape (views, no copy).
import { flatten, type Tensor } from '@dendrite/core';
import { Module } from '../module/module.js';

/**
 * Flattens dims `startDim..endDim` (default: all but the batch dim).
 *
 * @example
 * ```ts
 * new Flatten().forward(randn([8, 16, 5, 5])).shape; // [8, 400]
 * ```
 */
export class Flatten extends Module {
  /**
   * Flattens dimensions `startDim` to `endDim` into one.
   * @param startDim - first dimension flattened (default 1: keep the batch)
   * @param endDim - last dimension flattened (default -1)
   */
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  override config(): Record<string, unknown> {
    return { startDim: this.startDim, endDim: this.endDim };
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}

/**
 * Reshapes every sample to `shape`, keeping the batch dim (one -1 allowed).
 *
 * @example
 * ```ts
 * new Reshape([1, 28, 28]).forward(randn([8, 784])).shape; // [8, 1, 28, 28]
 * ```
 */
export class Reshape extends Module {
  /** The per-sample target shape (the batch dimension is kept). */
  readonly shape: number[];

  /**
   * Reshapes each sample to `shape`.
   * @param shape - the per-sample shape; one entry may be -1
   */
  constructor(shape: readonly number[]) {
    super();
    this.shape = [...shape];
  }

  override config(): Record<string, unknown> {
    return { shape: this.shape };
  }

  forward(x: Tensor): Tensor {
    return x.reshape([x.shape[0], ...this.shape]);
  }
}
