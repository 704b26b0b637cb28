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
 * Decompresses gzip bytes, or returns them unchanged when they are not
 * gzipped. Uses the standard `DecompressionStream` (Node 18+, browsers), so
 * it works on every platform. A corrupt or truncated stream throws
 * `FormatError` naming the file.
 *
 * @example
 * ```ts
 * const raw = await maybeGunzip(await readFile('train-images-idx3-ubyte.gz'), 'train-images-idx3-ubyte.gz');
 * ```
 */
export async function maybeGunzip(bytes: Uint8Array, fileName = '<buffer>'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new FormatError(`${fileName}: corrupt or truncated gzip data (${(err as Error).message})`);
  }
}
