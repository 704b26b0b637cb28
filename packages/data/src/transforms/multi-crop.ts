import { fmtShape, flip, ShapeError, stack, type Tensor } from '@dendrite/core';
import { cropAt, type Size2, toSize2 } from './crop.js';
import { Transform } from './transform.js';

function fiveCrops(x: Tensor, h: number, w: number, op: string): Tensor[] {
  const [, , hh, ww] = x.shape;
  if (h > hh || w > ww) throw new ShapeError(`${op}: crop [${h}, ${w}] is larger than the images ${fmtShape(x.shape)}`);
  return [
    cropAt(x, 0, 0, h, w),
    cropAt(x, 0, ww - w, h, w),
    cropAt(x, hh - h, 0, h, w),
    cropAt(x, hh - h, ww - w, h, w),
    cropAt(x, Math.round((hh - h) / 2), Math.round((ww - w) / 2), h, w),
  ];
}

/**
 * The four corner crops and the center crop of each sample, stacked as
 * [N, 5, C, h, w] (for test-time averaging: reshape to [5N, C, h, w], run
 * the model, average the 5 predictions of each sample).
 *
 * @example
 * ```ts
 * const crops = new FiveCrop(224).apply(x); // [N, 5, C, 224, 224]
 * ```
 */
export class FiveCrop extends Transform {
  /** Size [height, width] of each crop. */
  readonly size: [number, number];

  /**
   * The four corner crops and the central crop of every sample.
   * @param size - crop size: one number for a square, or [height, width]
   */
  constructor(size: Size2) {
    super();
    this.size = toSize2(size, 'FiveCrop');
  }

  protected forward(x: Tensor): Tensor {
    return stack(fiveCrops(x, this.size[0], this.size[1], 'FiveCrop'), 1);
  }
}

/**
 * The five crops of `FiveCrop` plus the same five of the mirrored image
 * (horizontal by default), stacked as [N, 10, C, h, w]: the 10-patch
 * test-time averaging of AlexNet and GoogLeNet.
 *
 * @example
 * ```ts
 * const crops = new TenCrop(224).apply(x); // [N, 10, C, 224, 224]
 * ```
 */
export class TenCrop extends Transform {
  /** Size [height, width] of each crop. */
  readonly size: [number, number];

  /**
   * The five crops of `FiveCrop` plus those of the flipped image.
   * @param size - crop size: one number for a square, or [height, width]
   * @param vertical - flip upside down instead of left-right
   */
  constructor(size: Size2, readonly vertical = false) {
    super();
    this.size = toSize2(size, 'TenCrop');
  }

  protected forward(x: Tensor): Tensor {
    const [h, w] = this.size;
    const mirrored = flip(x, this.vertical ? 2 : 3);
    return stack([...fiveCrops(x, h, w, 'TenCrop'), ...fiveCrops(mirrored, h, w, 'TenCrop')], 1);
  }
}
