import { type DecodedImage, decodeImage } from './image-decode.js';

/**
 * Decodes PNG or JPEG bytes on any platform: in Node with the image
 * libraries (as `decodeImage`), in browsers with the platform's decoder
 * (`createImageBitmap` + `OffscreenCanvas`; the package's `browser` export
 * condition selects that build). Alpha is dropped; `channels: 1` converts to
 * grayscale. Corrupt data or an unknown format throws `FormatError`.
 *
 * @example
 * ```ts
 * const img = await decodeImageAsync(bytes, 'cat.png'); // { width, height, channels: 3, data }
 * ```
 */
export async function decodeImageAsync(bytes: Uint8Array, fileName = '<buffer>', channels: 1 | 3 = 3): Promise<DecodedImage> {
  return decodeImage(bytes, fileName, channels);
}
