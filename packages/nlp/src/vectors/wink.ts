// Streaming reader of the wink-embeddings JSON layout:
// {"dimensions":100,...,"vectors":{"the":[v1..v100, l2norm, index], ...}, "unkVector":[...]}
// parsed entry by entry from chunks (the file is 300 MB; no whole-file string).
import { FormatError } from '@dendrite/core';
import { type ByteSource, chunksOf } from './byte-source.js';
import { KeyedVectors } from './keyed-vectors.js';

const ENTRY = /\s*"((?:[^"\\]|\\.)*)"\s*:\s*\[([^\]]*)\]\s*([,}])/y;

/**
 * Reads wink's embeddings JSON; `limit` keeps the first N words (most frequent),
 * `words` only those in the set.
 *
 * @example
 * ```ts
 * const kv = await readWinkVectors(bytes, { limit: 10_000 });
 * ```
 */
export async function readWinkVectors(bytes: ByteSource, options: { limit?: number; words?: ReadonlySet<string>; source?: string } = {}): Promise<KeyedVectors> {
  const source = options.source ?? 'wink embeddings JSON';
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const decoder = new TextDecoder();
  let buf = '';
  let inVectors = false;
  let declaredDim = -1;
  let dim = -1;
  const words: string[] = [];
  let data = new Float32Array(0);
  let done = false;
  let entry = 0;
  for await (const chunk of chunksOf(bytes)) {
    buf += decoder.decode(chunk, { stream: true });
    if (!inVectors) {
      const dm = /"dimensions"\s*:\s*(\d+)/.exec(buf);
      if (dm) declaredDim = Number(dm[1]);
      const at = buf.indexOf('"vectors":{');
      if (at < 0) {
        buf = buf.slice(Math.max(0, buf.length - 64));
        continue;
      }
      if (declaredDim < 0) throw new FormatError(`${source}: no "dimensions" field before "vectors"`);
      inVectors = true;
      buf = buf.slice(at + '"vectors":{'.length);
    }
    let pos = 0;
    for (;;) {
      ENTRY.lastIndex = pos;
      const m = ENTRY.exec(buf);
      if (!m) break;
      pos = ENTRY.lastIndex;
      entry++;
      const word = JSON.parse(`"${m[1]}"`) as string;
      const values = m[2].split(',');
      if (dim < 0) {
        dim = values.length - 2;
        if (dim !== declaredDim) throw new FormatError(`${source}: entry ${entry} (${JSON.stringify(word)}) has ${values.length} numbers; "dimensions" says ${declaredDim} (+ norm and index)`);
        data = new Float32Array(Math.min(limit, 1024) * dim);
      } else if (values.length !== dim + 2) {
        throw new FormatError(`${source}: entry ${entry} (${JSON.stringify(word)}) has ${values.length} numbers, expected ${dim + 2}`);
      }
      if (!options.words || options.words.has(word)) {
        if ((words.length + 1) * dim > data.length) {
          const next = new Float32Array(data.length * 2);
          next.set(data);
          data = next;
        }
        const base = words.length * dim;
        for (let j = 0; j < dim; j++) {
          const x = Number(values[j]);
          if (!Number.isFinite(x) || values[j].trim() === '') throw new FormatError(`${source}: entry ${entry} (${JSON.stringify(word)}) value ${j + 1} is ${JSON.stringify(values[j])}`);
          data[base + j] = x;
        }
        words.push(word);
      }
      if (m[3] === '}' || words.length >= limit) {
        done = true;
        break;
      }
    }
    if (done) break;
    buf = buf.slice(pos);
  }
  if (!inVectors) throw new FormatError(`${source}: no "vectors" object (not a wink embeddings file?)`);
  if (!done) throw new FormatError(`${source}: the "vectors" object ends early after ${entry} entries (truncated file?)`);
  if (words.length === 0) throw new FormatError(`${source}: no vectors matched`);
  return new KeyedVectors(words, data.slice(0, words.length * dim), dim);
}
