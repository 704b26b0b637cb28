import { add, mul, type Tensor, tidy } from '@dendrite/core';
import { splitRgb } from './channels.js';

/**
 * Luma of RGB images [..., 3, H, W] → [..., 1, H, W] with the ITU-R 601
 * weights 0.299, 0.587, 0.114 (torchvision's `rgb_to_grayscale`, PIL's 'L').
 *
 * @example
 * ```ts
 * const gray = rgbToGrayscale(images); // [N, 1, H, W]
 * ```
 */
export function rgbToGrayscale(x: Tensor): Tensor {
  return tidy(() => {
    const [r, g, b] = splitRgb(x, 'rgbToGrayscale');
    return add(add(mul(r, 0.299), mul(g, 0.587)), mul(b, 0.114));
  });
}
