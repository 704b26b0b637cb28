// Readers and writers of the word2vec text and binary formats and the GloVe
// text format. Readers stream (no whole-file string), validate every record
// and return only complete tables: a bad file gives a FormatError naming the
// source and the line (or record), never a half-loaded table.
import { FormatError } from '@dendrite/core';
import { type ByteSource, chunksOf, linesOf } from './byte-source.js';
import { KeyedVectors } from './keyed-vectors.js';

/** The embedding file formats ('text' reads either text format: a "V D" first line means word2vec, anything else GloVe). */
export type VectorFormat = 'word2vec' | 'word2vec-binary' | 'glove' | 'text';

/** Options of `readVectors`. */
export interface ReadVectorsOptions {
  /** Named in error messages (a file path, a URL). */
  source?: string;
  /** Keep only the first N words (files list frequent words first). */
  limit?: number;
}

class Rows {
  words: string[] = [];
  data: Float32Array;
  constructor(
    readonly dim: number,
    capacity: number,
  ) {
    this.data = new Float32Array(Math.max(1, capacity) * dim);
  }
  push(word: string): Float32Array {
    const i = this.words.length;
    if ((i + 1) * this.dim > this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.words.push(word);
    return this.data.subarray(i * this.dim, (i + 1) * this.dim);
  }
  finish(source: string): KeyedVectors {
    const seen = new Set<string>();
    for (const w of this.words) {
      if (seen.has(w)) throw new FormatError(`${source}: word ${JSON.stringify(w)} appears twice`);
      seen.add(w);
    }
    return new KeyedVectors(this.words, this.data.slice(0, this.words.length * this.dim), this.dim);
  }
}

function parseHeader(line: string, source: string, no: number): [number, number] {
  const parts = line.trim().split(/\s+/);
  const [n, d] = parts.map(Number);
  if (parts.length !== 2 || !Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) {
    throw new FormatError(`${source}: line ${no}: expected the header "<words> <dim>", got ${JSON.stringify(line.slice(0, 60))}`);
  }
  return [n, d];
}

/**
 * Reads word vectors in the word2vec text format ("V D" header) or GloVe's
 * (no header, the dimension taken from the first line), or word2vec binary.
 *
 * @example
 * ```ts
 * const kv = await readVectors(bytes, 'glove', { source: 'glove.6B.100d.txt' });
 * ```
 */
export async function readVectors(bytes: ByteSource, format: VectorFormat, options: ReadVectorsOptions = {}): Promise<KeyedVectors> {
  const source = options.source ?? `${format} data`;
  if (format === 'word2vec-binary') return readBinary(bytes, source, options.limit);
  if (format !== 'word2vec' && format !== 'glove' && format !== 'text') throw new FormatError(`readVectors: unknown format ${JSON.stringify(format)} (word2vec, word2vec-binary, glove, text)`);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let rows: Rows | null = null;
  let declared = -1;
  let textFormat = format;
  for await (const [line, no] of linesOf(bytes)) {
    if (textFormat === 'text') textFormat = /^\s*\d+\s+\d+\s*$/.test(line) ? 'word2vec' : 'glove';
    if (textFormat === 'word2vec' && declared < 0) {
      const [n, d] = parseHeader(line, source, no);
      declared = n;
      rows = new Rows(d, Math.min(n, limit));
      continue;
    }
    if (line.trim() === '') continue;
    const parts = line.trimEnd().split(' ');
    if (!rows) rows = new Rows(parts.length - 1, 1024);
    if (parts.length - 1 !== rows.dim) throw new FormatError(`${source}: line ${no}: ${parts.length - 1} values for ${JSON.stringify(parts[0])}, expected ${rows.dim}`);
    if (rows.words.length >= limit) break;
    const v = rows.push(parts[0]);
    for (let j = 0; j < rows.dim; j++) {
      const x = Number(parts[j + 1]);
      if (parts[j + 1] === '' || !Number.isFinite(x)) throw new FormatError(`${source}: line ${no}: value ${j + 1} of ${JSON.stringify(parts[0])} is ${JSON.stringify(parts[j + 1])}, not a finite number`);
      v[j] = x;
    }
  }
  if (!rows || rows.words.length === 0) throw new FormatError(`${source}: no vectors (empty file)`);
  if (declared >= 0 && rows.words.length < Math.min(declared, limit)) throw new FormatError(`${source}: header declares ${declared} words but the file ends after ${rows.words.length} (truncated?)`);
  return rows.finish(source);
}

async function readBinary(bytes: ByteSource, source: string, limit = Number.POSITIVE_INFINITY): Promise<KeyedVectors> {
  let buf = new Uint8Array(0);
  let pos = 0;
  const it = chunksOf(bytes)[Symbol.asyncIterator]();
  let ended = false;
  // Ensures `n` unread bytes are buffered; false at end of data.
  const need = async (n: number): Promise<boolean> => {
    while (buf.length - pos < n && !ended) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      const next = new Uint8Array(buf.length - pos + r.value.length);
      next.set(buf.subarray(pos));
      next.set(r.value, buf.length - pos);
      buf = next;
      pos = 0;
    }
    return buf.length - pos >= n;
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const readUntil = async (stop: number, what: string, record: number): Promise<string> => {
    let end = pos;
    for (;;) {
      while (end < buf.length && buf[end] !== stop) end++;
      if (end < buf.length) break;
      const have = end - pos;
      if (!(await need(have + 1))) throw new FormatError(`${source}: record ${record}: data ends inside the ${what} (truncated file)`);
      end = pos + have;
    }
    let s: string;
    try {
      s = decoder.decode(buf.subarray(pos, end));
    } catch {
      throw new FormatError(`${source}: record ${record}: the ${what} is not valid UTF-8`);
    }
    pos = end + 1;
    return s;
  };
  if (!(await need(1))) throw new FormatError(`${source}: no vectors (empty file)`);
  const [n, d] = parseHeader(await readUntil(10, 'header', 0), source, 1);
  const count = Math.min(n, limit);
  const rows = new Rows(d, count);
  const view = () => new DataView(buf.buffer, buf.byteOffset);
  for (let r = 1; r <= count; r++) {
    // Some writers end records with '\n'; skip leading whitespace before the word.
    while ((await need(1)) && (buf[pos] === 10 || buf[pos] === 13)) pos++;
    const word = await readUntil(32, 'word', r);
    if (word === '') throw new FormatError(`${source}: record ${r}: empty word`);
    if (!(await need(4 * d))) throw new FormatError(`${source}: record ${r} (${JSON.stringify(word)}): data ends inside its ${d} float32 values (truncated file)`);
    const v = rows.push(word);
    const dv = view();
    for (let j = 0; j < d; j++) {
      const x = dv.getFloat32(pos + 4 * j, true);
      if (!Number.isFinite(x)) throw new FormatError(`${source}: record ${r} (${JSON.stringify(word)}): value ${j + 1} is ${x}`);
      v[j] = x;
    }
    pos += 4 * d;
  }
  await it.return?.(undefined);
  return rows.finish(source);
}

const encoder = new TextEncoder();

/**
 * The chunks of `kv` written in `format` (text values with `precision`
 * significant digits, default 6 — enough for float32 to round-trip within 1e-6 relative).
 *
 * @example
 * ```ts
 * const parts = [...encodeVectors(kv, 'word2vec')];
 * ```
 */
export function* encodeVectors(kv: KeyedVectors, format: Exclude<VectorFormat, 'text'>, options: { precision?: number } = {}): Generator<Uint8Array> {
  const d = kv.dim;
  const precision = options.precision ?? 9;
  for (const w of kv.words) {
    if (w === '' || /\s/.test(w)) throw new FormatError(`encodeVectors: word ${JSON.stringify(w)} is empty or contains whitespace, which ${format} files cannot hold`);
  }
  if (format !== 'glove') yield encoder.encode(`${kv.size} ${d}\n`);
  if (format === 'word2vec-binary') {
    for (let i = 0; i < kv.size; i++) {
      const word = encoder.encode(`${kv.words[i]} `);
      const rec = new Uint8Array(word.length + 4 * d + 1);
      rec.set(word);
      const dv = new DataView(rec.buffer);
      for (let j = 0; j < d; j++) dv.setFloat32(word.length + 4 * j, kv.vectors[i * d + j], true);
      rec[rec.length - 1] = 10;
      yield rec;
    }
    return;
  }
  if (format !== 'word2vec' && format !== 'glove') throw new FormatError(`encodeVectors: unknown format ${JSON.stringify(format)} (word2vec, word2vec-binary, glove)`);
  const lines: string[] = [];
  for (let i = 0; i < kv.size; i++) {
    const vals: string[] = new Array(d);
    for (let j = 0; j < d; j++) vals[j] = String(Number(kv.vectors[i * d + j].toPrecision(precision)));
    lines.push(`${kv.words[i]} ${vals.join(' ')}\n`);
    if (lines.length === 1000) {
      yield encoder.encode(lines.join(''));
      lines.length = 0;
    }
  }
  if (lines.length) yield encoder.encode(lines.join(''));
}
