// Vector files on disk: streamed reads, atomic writes (temp file + rename).
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { FormatError } from '@dendrite/core';
import { encodeVectors, readVectors, type VectorFormat } from '../vectors/formats.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/** The format a file name suggests: .bin → word2vec-binary, otherwise text (word2vec or GloVe by its first line). */
function guessFormat(path: string): VectorFormat {
  return path.endsWith('.bin') ? 'word2vec-binary' : 'text';
}

/**
 * Streams a vector file (word2vec text/binary or GloVe text).
 *
 * @example
 * ```ts
 * const kv = await readVectorsFile('vectors.txt', 'glove');
 * ```
 */
export async function readVectorsFile(path: string, format: VectorFormat = guessFormat(path), options: { limit?: number } = {}): Promise<KeyedVectors> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await readVectors(stream as AsyncIterable<Uint8Array>, format, { source: path, limit: options.limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FormatError(`readVectorsFile: ${path} does not exist`);
    throw e;
  } finally {
    stream.destroy();
  }
}

/**
 * Writes chunks to `path` through a temporary file renamed at the end, so a
 * failure never leaves a partial file.
 *
 * @example
 * ```ts
 * await writeFileAtomicChunks('out.txt', [new TextEncoder().encode('hi')]);
 * ```
 */
export async function writeFileAtomicChunks(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fh = await open(tmp, 'w');
  try {
    for (const c of chunks) await fh.write(c);
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Saves vectors in a format (default by extension: .bin binary, else word2vec text).
 *
 * @example
 * ```ts
 * await writeVectorsFile('brown.vec', vectors, 'word2vec');
 * ```
 */
export async function writeVectorsFile(path: string, kv: KeyedVectors, format: Exclude<VectorFormat, 'text'> = path.endsWith('.bin') ? 'word2vec-binary' : 'word2vec'): Promise<void> {
  await writeFileAtomicChunks(path, encodeVectors(kv, format));
}
