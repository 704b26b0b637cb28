import { FormatError } from '@dendrite/core';

/**
 * True when bytes start with the gzip magic number 1f 8b.
 *
 * @example
 * ```ts
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most bytes `maybeGunzip` inflates unless told otherwise: 1 GiB (the
 * largest public IDX/CSV files are far below). Past it, or past the size a
 * format's header declares, inflation stops and `FormatError` is thrown.
 */
export const MAX_GUNZIP_BYTES = 2 ** 30;

/** Limits of `maybeGunzip`. */
export interface GunzipOptions {
  /** Refuse output larger than this many bytes (default `MAX_GUNZIP_BYTES`). */
  maxBytes?: number;
  /**
   * Given the first inflated bytes, the exact size the format's header
   * declares (or undefined while more bytes are needed): output past it is
   * refused at once, so a small bomb never inflates to its full size.
   */
  sizeFromHeader?: (head: Uint8Array) => number | undefined;
}

function concatChunks(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Decompresses gzip bytes, or returns them unchanged when they are not
 * gzipped. Uses the standard `DecompressionStream` (Node 18+, browsers), so
 * it works on every platform. Inflation is bounded: past `maxBytes` (default
 * `MAX_GUNZIP_BYTES`) or past the size `sizeFromHeader` derives from the
 * first bytes, it stops and throws `FormatError` (a gzip bomb costs no more
 * memory than the limit). A corrupt or truncated stream throws `FormatError`
 * naming the file.
 *
 * @example
 * ```ts
 * const raw = await maybeGunzip(await readFile('train-images-idx3-ubyte.gz'), 'train-images-idx3-ubyte.gz', { sizeFromHeader: idxByteLength });
 * ```
 */
export async function maybeGunzip(bytes: Uint8Array, fileName = '<buffer>', options: GunzipOptions = {}): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  let limit = options.maxBytes ?? MAX_GUNZIP_BYTES;
  let declared: number | undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        throw new FormatError(`${fileName}: corrupt or truncated gzip data (${(err as Error).message})`);
      }
      if (step.done) break;
      chunks.push(step.value);
      total += step.value.length;
      if (declared === undefined && options.sizeFromHeader) {
        declared = options.sizeFromHeader(concatChunks(chunks.slice(), total));
        if (declared !== undefined) {
          if (declared > limit) throw new FormatError(`${fileName}: header declares ${declared} bytes of data, more than the limit of ${limit} bytes`);
          limit = declared;
        }
      }
      if (total > limit) {
        throw new FormatError(
          `${fileName}: gzip data inflates past ${limit} bytes (${declared !== undefined ? 'the size its header declares' : 'the limit; pass a larger maxBytes if the file is genuine'}); refused`,
        );
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return concatChunks(chunks, total);
}
