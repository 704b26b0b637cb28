// An 8-bit RGB raster: what makeGrid and plotLines draw and savePng encodes.

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** width * height * 3 bytes. */
  data: Uint8Array;
}

/**
 * A blank RGB image filled with one colour.
 *
 * @example
 * ```ts
 * const img = blankImage(64, 32, [255, 255, 255]);
 * ```
 */
export function blankImage(width: number, height: number, rgb: readonly [number, number, number] = [0, 0, 0]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
}

/**
 * Sets one pixel (ignored outside the image).
 *
 * @example
 * ```ts
 * setPixel(img, 3, 4, [255, 0, 0]);
 * ```
 */
export function setPixel(img: RgbImage, x: number, y: number, rgb: readonly [number, number, number]): void {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return;
  img.data.set(rgb, (yi * img.width + xi) * 3);
}
