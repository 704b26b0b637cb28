import { ValueError } from '@dendrite/core';
import type { DecodedImage } from './image-decode.js';

/**
 * Resizes an HWC byte image with bilinear interpolation (half-pixel centers,
 * as PyTorch's `align_corners=False`), on the host, for decoding pipelines
 * that need one size before batching.
 *
 * @example
 * ```ts
 * const small = resizeImage(decodeImage(bytes), 64, 64);
 * ```
 */
export function resizeImage(img: DecodedImage, height: number, width: number): DecodedImage {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new ValueError(`resizeImage: size must be positive integers, got [${height}, ${width}]`);
  }
  if (height === img.height && width === img.width) return img;
  const c = img.channels;
  const out = new Uint8Array(height * width * c);
  const sy = img.height / height;
  const sx = img.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      for (let k = 0; k < c; k++) {
        const p = (yy: number, xx: number) => img.data[(yy * img.width + xx) * c + k];
        const top = p(y0, x0) * (1 - wx) + p(y0, x1) * wx;
        const bottom = p(y1, x0) * (1 - wx) + p(y1, x1) * wx;
        out[(y * width + x) * c + k] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, channels: img.channels, data: out };
}
