import { FormatError, ValueError } from '@dendrite/core';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { checkJpeg, checkPng, MAX_IMAGE_PIXELS } from './image-checks.js';

/** A decoded image: height x width x channels bytes, row-major, channels last. */
export interface DecodedImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 1 for grayscale, 3 for RGB. */
  channels: 1 | 3;
  /** Pixels, channels-last (HWC) bytes. */
  data: Uint8Array;
}

/** Largest image accepted, so a corrupt header cannot ask for gigabytes (the structural checks refuse larger ones first). */
const MAX_MEGAPIXELS = MAX_IMAGE_PIXELS / (1024 * 1024);

function toChannels(rgba: Uint8Array, width: number, height: number, channels: 1 | 3): DecodedImage {
  const n = width * height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i];
    const g = rgba[4 * i + 1];
    const b = rgba[4 * i + 2];
    if (channels === 3) {
      out[3 * i] = r;
      out[3 * i + 1] = g;
      out[3 * i + 2] = b;
    } else {
      // ITU-R 601 luma, the weights torchvision's Grayscale and PIL's convert('L') use.
      out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  return { width, height, channels, data: out };
}

/**
 * Decodes PNG or JPEG bytes (detected by their magic numbers, not the file
 * name) with pngjs and jpeg-js. Alpha is dropped; `channels: 1` converts to
 * grayscale. Corrupt or truncated data, a header larger than
 * `MAX_IMAGE_PIXELS` or an unknown format throws `FormatError` naming the
 * file, before any pixel is decoded.
 *
 * @example
 * ```ts
 * const img = decodeImage(await readBytes('cat.jpg'), 'cat.jpg'); // { width, height, channels: 3, data }
 * ```
 */
export function decodeImage(bytes: Uint8Array, fileName = '<buffer>', channels: 1 | 3 = 3): DecodedImage {
  if (channels !== 1 && channels !== 3) throw new ValueError(`decodeImage: channels must be 1 or 3, got ${channels}`);
  const isPng = bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) {
    throw new FormatError(`${fileName}: not a PNG or JPEG image (first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`);
  }
  // pngjs wants a Node Buffer; in browsers its bundle brings a Buffer shim and jpeg-js takes a Uint8Array.
  const buffer = typeof Buffer === 'undefined' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Size caps and truncation are checked on the structure, before any pixel is decoded.
  if (isPng) checkPng(bytes, fileName);
  else checkJpeg(bytes, fileName);
  try {
    if (isPng) {
      const png = pngjs.PNG.sync.read(buffer as Buffer);
      return toChannels(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height, channels);
    }
    const img = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
    return toChannels(img.data, img.width, img.height, channels);
  } catch (err) {
    throw new FormatError(`${fileName}: corrupt ${isPng ? 'PNG' : 'JPEG'} data (${(err as Error).message})`);
  }
}
