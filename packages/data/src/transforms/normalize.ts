import { div, fmtShape, ShapeError, sub, type Tensor, tensor, ValueError } from '@dendrite/core';
import { Transform } from './transform.js';

/**
 * Subtracts a per-channel mean and divides by a per-channel std:
 * `(x - mean[c]) / std[c]`.
 *
 * @example
 * ```ts
 * const y = new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).apply(x);
 * ```
 */
export class Normalize extends Transform {
  /**
   * Normalizes each channel: `(x - mean[c]) / std[c]`.
   * @param mean - one value per channel
   * @param std - one positive value per channel
   */
  constructor(readonly mean: number[], readonly std: number[]) {
    super();
    if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== std.length || mean.length === 0 || std.some((s) => !(s > 0))) {
      throw new ValueError(`Normalize: mean ${JSON.stringify(mean)} and std ${JSON.stringify(std)} must be equal-length lists, std positive`);
    }
  }

  protected forward(x: Tensor): Tensor {
    const c = this.mean.length;
    if (x.shape[1] !== c) throw new ShapeError(`Normalize: ${c} channel statistics for images ${fmtShape(x.shape)} with ${x.shape[1]} channels`);
    return div(sub(x, tensor(this.mean, [1, c, 1, 1])), tensor(this.std, [1, c, 1, 1]));
  }
}
