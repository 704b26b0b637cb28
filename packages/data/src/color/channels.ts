import { concat, DTypeError, fmtShape, ShapeError, sliceAxis, type Tensor } from '@dendrite/core';

/**
 * Splits an image tensor [..., 3, H, W] into its three channel planes
 * [..., 1, H, W], checking the dtype and the channel count.
 *
 * @example
 * ```ts
 * const [r, g, b] = splitRgb(images, 'rgbToHsv');
 * ```
 */
export function splitRgb(x: Tensor, op: string, arg = 'x'): [Tensor, Tensor, Tensor] {
  if (x.dtype !== 'float32') throw new DTypeError(`${op}: '${arg}' must be float32, got ${x.dtype}`);
  if (x.rank < 3 || x.shape[x.rank - 3] !== 3) {
    throw new ShapeError(`${op}: '${arg}' must have 3 channels at axis -3 ([..., 3, H, W]), got ${fmtShape(x.shape)}`);
  }
  const axis = x.rank - 3;
  return [sliceAxis(x, axis, 0, 1), sliceAxis(x, axis, 1, 2), sliceAxis(x, axis, 2, 3)];
}

/**
 * Joins three channel planes [..., 1, H, W] into [..., 3, H, W].
 *
 * @example
 * ```ts
 * const rgb = joinChannels([r, g, b]);
 * ```
 */
export function joinChannels(planes: Tensor[]): Tensor {
  return concat(planes, planes[0].rank - 3);
}
