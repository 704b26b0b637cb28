import { FormatError, nodeBuiltin } from '@dendrite/core';

/**
 * Reads a whole file as bytes (Node only: `node:fs` is reached at run time,
 * so browser bundles never resolve it). A missing or unreadable file throws `FormatError`
 * naming the path.
 *
 * @example
 * ```ts
 * const bytes = await readBytes('data/train.csv');
 * ```
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'readBytes');
  try {
    const buf = await fs.readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw new FormatError(`${path}: cannot read the file (${(err as Error).message})`);
  }
}
