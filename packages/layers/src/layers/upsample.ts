import { type InterpolateOptions, interpolate, type Tensor, ValueError } from '@dendrite/core';
import { Module } from '../module/module.js';

/**
 * Upsampling of [N, C, H, W] to a `size` or by a `scaleFactor`, nearest
 * (default) or bilinear.
 *
 * @example
 * ```ts
 * new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 16, 16]
 * ```
 */
export class Upsample extends Module {
  /** Output size or scale factor, and the interpolation mode. */
  readonly options: InterpolateOptions;

  /**
   * Upsampling of NCHW batches.
   * @param options - `size` or `scaleFactor`, and the mode ('nearest' or 'bilinear')
   */
  constructor(options: InterpolateOptions) {
    super();
    if (!options || (options.size === undefined) === (options.scaleFactor === undefined)) {
      throw new ValueError(`Upsample: give exactly one of 'size' and 'scaleFactor', got ${JSON.stringify(options)}`);
    }
    this.options = { mode: 'nearest', ...options };
  }

  override config(): Record<string, unknown> {
    return { ...this.options };
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }
}
