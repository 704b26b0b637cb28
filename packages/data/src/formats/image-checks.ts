// Structural checks run on PNG and JPEG bytes before any pixel is decoded:
// the declared size is capped (a 69-byte file must not ask for gigabytes),
// and a truncated file is refused instead of decoding as garbage pixels.
import { FormatError, nodeBuiltin } from '@dendrite/core';

/**
 * The most pixels an image may declare: 64 megapixels (8192 x 8192), about
 * 256 MB of RGBA while decoding. Larger headers are refused before decoding.
 */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

function checkSize(kind: string, width: number, height: number, file: string): void {
  if (width === 0 || height === 0) throw new FormatError(`${file}: corrupt ${kind}: header declares an empty ${width}x${height} image`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new FormatError(`${file}: ${kind} header declares ${width}x${height} pixels, more than the limit of ${MAX_IMAGE_PIXELS} (MAX_IMAGE_PIXELS); refused before decoding`);
  }
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Filtered scanline bytes a PNG's pixel stream must inflate to (one filter byte per row, per Adam7 pass). */
function pngRawSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rowBytes = (w: number) => (w === 0 ? 0 : 1 + Math.ceil((w * bitsPerPixel) / 8));
  if (!interlaced) return height * rowBytes(width);
  // Adam7: [x start, y start, x step, y step] per pass.
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.max(0, Math.ceil((width - x0) / dx));
    const h = Math.max(0, Math.ceil((height - y0) / dy));
    if (w > 0) total += h * rowBytes(w);
  }
  return total;
}

/**
 * Checks a PNG's structure before decoding: IHDR first and valid, the
 * declared size within `MAX_IMAGE_PIXELS`, every chunk inside the file, an
 * IEND, and (in Node) a pixel stream that inflates to exactly the size the
 * header implies (inflation is bounded by that size, so a small file cannot
 * expand without limit). Throws `FormatError` naming the file.
 *
 * @example
 * ```ts
 * checkPng(bytes, 'digit.png'); // throws on a truncated or oversized PNG
 * ```
 */
export function checkPng(bytes: Uint8Array, file: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 + 25 || view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    throw new FormatError(`${file}: corrupt PNG: is truncated or has no IHDR chunk first (${bytes.length} bytes)`);
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24];
  const color = bytes[25];
  const interlace = bytes[28];
  if (!(color in PNG_DEPTHS) || !PNG_DEPTHS[color].includes(depth)) throw new FormatError(`${file}: corrupt PNG: color type ${color} with bit depth ${depth} is not valid`);
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) throw new FormatError(`${file}: corrupt PNG: compression/filter/interlace method ${bytes[26]}/${bytes[27]}/${interlace} is not valid`);
  checkSize('PNG', width, height, file);
  const idat: Uint8Array[] = [];
  let at = 8;
  let ended = false;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new FormatError(`${file}: corrupt PNG: is truncated inside a chunk header at byte ${at}`);
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + len > bytes.length) throw new FormatError(`${file}: corrupt PNG: is truncated: chunk '${type}' at byte ${at} needs ${len} bytes, the file ends first`);
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + len));
    at += 12 + len;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw new FormatError(`${file}: corrupt PNG: is truncated (no IEND chunk)`);
  if (idat.length === 0) throw new FormatError(`${file}: corrupt PNG: has no pixel data (no IDAT chunk)`);
  const expected = pngRawSize(width, height, depth * PNG_CHANNELS[color], interlace === 1);
  let zlib: typeof import('node:zlib');
  try {
    zlib = nodeBuiltin<typeof import('node:zlib')>('node:zlib', 'checkPng');
  } catch {
    return; // browsers: the decoder's own checks apply
  }
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of idat) {
    joined.set(c, off);
    off += c.length;
  }
  let raw: Uint8Array;
  try {
    // Sync flush: a cut stream yields what it has instead of throwing, so the length check below names the problem.
    raw = zlib.inflateSync(joined, { maxOutputLength: expected + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    const msg = (err as Error).message;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(msg)) {
      throw new FormatError(`${file}: corrupt PNG: pixel stream inflates past the ${expected} bytes its ${width}x${height} header implies`);
    }
    throw new FormatError(`${file}: corrupt PNG: pixel stream is corrupt (${msg})`);
  }
  if (raw.length < expected) throw new FormatError(`${file}: corrupt PNG: pixel stream is truncated: ${raw.length} of the ${expected} bytes its ${width}x${height} header implies`);
  if (raw.length > expected) throw new FormatError(`${file}: corrupt PNG: pixel stream holds more than the ${expected} bytes its ${width}x${height} header implies`);
}

/**
 * Checks a JPEG's structure before decoding: a frame header (SOF) with a
 * size within `MAX_IMAGE_PIXELS`, segments inside the file, and the
 * end-of-image marker at the end (a cut file is refused, not decoded into
 * grey rows). Throws `FormatError` naming the file.
 *
 * @example
 * ```ts
 * checkJpeg(bytes, 'photo.jpg');
 * ```
 */
export function checkJpeg(bytes: Uint8Array, file: string): void {
  let at = 2;
  let frame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new FormatError(`${file}: corrupt JPEG: marker expected at byte ${at}, found 0x${bytes[at].toString(16)}`);
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const len = (bytes[at + 2] << 8) | bytes[at + 3];
    if (len < 2 || at + 2 + len > bytes.length) throw new FormatError(`${file}: corrupt JPEG: is truncated: segment 0xff${marker.toString(16)} at byte ${at} needs ${len} bytes`);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 8) throw new FormatError(`${file}: corrupt JPEG: frame header is too short`);
      checkSize('JPEG', (bytes[at + 7] << 8) | bytes[at + 8], (bytes[at + 5] << 8) | bytes[at + 6], file);
      frame = true;
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + len;
  }
  if (!frame) throw new FormatError(`${file}: corrupt JPEG: has no frame header (SOF) before its scan data; the file is truncated or not a baseline/progressive JPEG`);
  // The image ends with EOI (ff d9); only padding may follow it.
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  if (end < 2 || bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) throw new FormatError(`${file}: corrupt JPEG: is truncated (no end-of-image marker at the end)`);
}
