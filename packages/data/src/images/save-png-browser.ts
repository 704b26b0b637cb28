// The browser build's save-png (swapped in by tsup.config.ts): PNG encoding and
// files need Node (pngjs, the file system), so these say so instead of pulling
// pngjs's Node built-ins (zlib, stream, util) into browser bundles.
import { type Tensor, ValueError } from '@dendrite/core';
import type { RgbImage } from './grid-image.js';
import type { MakeGridOptions } from './make-grid.js';

const HINT = 'needs Node (pngjs and the file system); in a browser, put the RgbImage on a canvas (ImageData) and use canvas.toBlob';

/**
 * Encodes an RGB image as PNG bytes (Node only; throws in browsers).
 *
 * @example
 * ```ts
 * const bytes = encodePng(blankImage(8, 8, [255, 0, 0]));
 * ```
 */
export function encodePng(_img: RgbImage): Uint8Array {
  throw new ValueError(`encodePng ${HINT}`);
}

/**
 * Writes an RGB image to a PNG file (Node only; throws in browsers).
 *
 * @example
 * ```ts
 * await savePng(await makeGrid(batch), 'grid.png');
 * ```
 */
export async function savePng(_img: RgbImage, _path: string): Promise<void> {
  throw new ValueError(`savePng ${HINT}`);
}

/**
 * torchvision's save_image (Node only; throws in browsers).
 *
 * @example
 * ```ts
 * await saveImage(reconstructions, 'recon.png', { nrow: 8 });
 * ```
 */
export async function saveImage(_batch: Tensor, _path: string, _options: MakeGridOptions = {}): Promise<void> {
  throw new ValueError(`saveImage ${HINT}`);
}
