// PNG output through pngjs, written atomically (temp file, then rename).
import { type Tensor, ValueError, writeFileAtomic } from '@dendrite/core';
import { PNG } from 'pngjs';
import type { RgbImage } from './grid-image.js';
import { type MakeGridOptions, makeGrid } from './make-grid.js';

/**
 * Encodes an RGB image as PNG bytes.
 *
 * @example
 * ```ts
 * const bytes = encodePng(blankImage(8, 8, [255, 0, 0]));
 * ```
 */
export function encodePng(img: RgbImage): Uint8Array {
  if (img.data.length !== img.width * img.height * 3) {
    throw new ValueError(`encodePng: ${img.data.length} bytes do not hold a ${img.width}x${img.height} RGB image`);
  }
  const png = new PNG({ width: img.width, height: img.height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

/**
 * Writes an RGB image to a PNG file (atomically). Node only.
 *
 * @example
 * ```ts
 * await savePng(await makeGrid(batch), 'grid.png');
 * ```
 */
export async function savePng(img: RgbImage, path: string): Promise<void> {
  await writeFileAtomic(path, encodePng(img));
}

/**
 * torchvision's save_image: tiles a batch with `makeGrid` and writes it as PNG.
 *
 * @example
 * ```ts
 * await saveImage(reconstructions, 'runs/vae/recon-epoch-3.png', { nrow: 8 });
 * ```
 */
export async function saveImage(batch: Tensor, path: string, options: MakeGridOptions = {}): Promise<void> {
  await savePng(await makeGrid(batch, options), path);
}
