// Pooling layers over the core's pooling ops.
import { adaptiveAvgPool2d, type AvgPool2dOptions, avgPool2d, fmtShape, type MaxPool2dOptions, maxPool2d, mean, type Pair, ShapeError, type Tensor } from '@dendrite/core';
import { Module } from '../module/module.js';

type PoolArgs<O> = Omit<O, 'kernelSize'>;

/**
 * Max pooling over [N, C, H, W]; stride defaults to the kernel size.
 *
 * @example
 * ```ts
 * new MaxPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 * ```
 */
export class MaxPool2d extends Module {
  /**
   * 2-D max pooling over NCHW batches.
   * @param kernelSize - window size: one number or [height, width]
   * @param options - stride (default: the kernel size), padding, dilation and ceil mode
   */
  constructor(
    readonly kernelSize: Pair,
    readonly options: PoolArgs<MaxPool2dOptions> = {},
  ) {
    super();
  }

  override config(): Record<string, unknown> {
    return { kernelSize: this.kernelSize, ...this.options };
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, { ...this.options, kernelSize: this.kernelSize });
  }
}

/**
 * Average pooling over [N, C, H, W]; stride defaults to the kernel size.
 *
 * @example
 * ```ts
 * new AvgPool2d(2, { stride: 1 }).forward(randn([1, 3, 4, 4])).shape; // [1, 3, 3, 3]
 * ```
 */
export class AvgPool2d extends Module {
  /**
   * 2-D average pooling over NCHW batches.
   * @param kernelSize - window size: one number or [height, width]
   * @param options - stride (default: the kernel size), padding, ceil mode and whether padding counts
   */
  constructor(
    readonly kernelSize: Pair,
    readonly options: PoolArgs<AvgPool2dOptions> = {},
  ) {
    super();
  }

  override config(): Record<string, unknown> {
    return { kernelSize: this.kernelSize, ...this.options };
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, { ...this.options, kernelSize: this.kernelSize });
  }
}

/**
 * Average pooling to a fixed output size, whatever the input size.
 *
 * @example
 * ```ts
 * new AdaptiveAvgPool2d([6, 6]).forward(randn([1, 256, 13, 13])).shape; // [1, 256, 6, 6]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  /**
   * Average pooling to a fixed output size, whatever the input size.
   * @param outputSize - one number for a square output, or [height, width]
   */
  constructor(readonly outputSize: number | readonly [number, number]) {
    super();
  }

  override config(): Record<string, unknown> {
    return { outputSize: this.outputSize };
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}

/**
 * Mean over the spatial dims of [N, C, H, W] → [N, C] (or [N, C, 1, 1] with `keepDims`).
 *
 * @example
 * ```ts
 * new GlobalAvgPool().forward(randn([2, 512, 7, 7])).shape; // [2, 512]
 * ```
 */
export class GlobalAvgPool extends Module {
  /**
   * Averages each channel over its whole plane: [N, C, H, W] → [N, C].
   * @param keepDims - keep the output as [N, C, 1, 1]
   */
  constructor(readonly keepDims = false) {
    super();
  }

  override config(): Record<string, unknown> {
    return { keepDims: this.keepDims };
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`GlobalAvgPool: input must be [N, C, H, W], got ${fmtShape(x.shape)}`);
    return mean(x, [2, 3], this.keepDims);
  }
}
