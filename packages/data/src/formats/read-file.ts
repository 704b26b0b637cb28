import { FormatError } from '@dendrite/core';

/**
 * Reads a whole file as bytes (Node only: imported lazily so browser bundles
 * never load `node:fs`). A missing or unreadable file throws `FormatError`
 * naming the path.
 *
 * @example
 * ```ts
 * const bytes = await readBytes('data/train.csv');
 * ```
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await import('node:fs/promises');
  try {
    const buf = await fs.readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw new FormatError(`${path}: cannot read the file (${(err as Error).message})`);
  }
}
