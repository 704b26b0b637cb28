// The browser build's image decoding (swapped in for image-decode.js and
// image-decode-async.js by tsup.config.ts): the platform decodes through
// createImageBitmap and OffscreenCanvas, so no Node library (pngjs needs
// zlib, stream, util) reaches browser bundles.
import { FormatError, ValueError } from '@dendrite/core';
import type { DecodedImage } from './image-decode.js';

export type { DecodedImage };

function sniff(bytes: Uint8Array, fileName: string): 'image/png' | 'image/jpeg' {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  throw new FormatError(`${fileName}: not a PNG or JPEG image (first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`);
}

/**
 * In browsers decoding is asynchronous (the platform decodes), so the
 * synchronous form throws a FormatError pointing to `decodeImageAsync`.
 *
 * @example
 * ```ts
 * const img = await decodeImageAsync(bytes, 'cat.png'); // not decodeImage, in a browser
 * ```
 */
export function decodeImage(bytes: Uint8Array, fileName = '<buffer>', channels: 1 | 3 = 3): DecodedImage {
  if (channels !== 1 && channels !== 3) throw new ValueError(`decodeImage: channels must be 1 or 3, got ${channels}`);
  sniff(bytes, fileName);
  throw new FormatError(`decodeImage(${fileName}): synchronous decoding needs Node's image libraries; in a browser use 'await decodeImageAsync(bytes)', which decodes with createImageBitmap`);
}

/**
 * Decodes PNG or JPEG bytes with the browser's decoder: `createImageBitmap`
 * (no color-space conversion, no premultiplied alpha) drawn on an
 * `OffscreenCanvas`. Alpha is dropped; `channels: 1` converts to grayscale
 * with the ITU-R 601 weights (as the Node build does).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('cat.png')).arrayBuffer());
 * const img = await decodeImageAsync(bytes, 'cat.png');
 * ```
 */
export async function decodeImageAsync(bytes: Uint8Array, fileName = '<buffer>', channels: 1 | 3 = 3): Promise<DecodedImage> {
  if (channels !== 1 && channels !== 3) throw new ValueError(`decodeImageAsync: channels must be 1 or 3, got ${channels}`);
  const type = sniff(bytes, fileName);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (err) {
    throw new FormatError(`${fileName}: corrupt ${type === 'image/png' ? 'PNG' : 'JPEG'} data (${(err as Error).message})`);
  }
  const { width, height } = bitmap;
  const ctx = new OffscreenCanvas(width, height).getContext('2d');
  if (!ctx) throw new FormatError(`${fileName}: this browser has no 2D OffscreenCanvas to decode images`);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const n = width * height;
  const data = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i];
    const g = rgba[4 * i + 1];
    const b = rgba[4 * i + 2];
    if (channels === 3) data.set([r, g, b], 3 * i);
    else data[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width, height, channels, data };
}
