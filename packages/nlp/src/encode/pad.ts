// Padding a batch of id sequences into tensors for embedding + RNN layers.
import { type Tensor, tensor, ValueError } from '@dendrite/core';

/** Options of `padSequences`. */
export interface PadOptions {
  /** The id written into padding positions (default 0, '<pad>' in a default `Vocabulary`). */
  padId?: number;
  /** Pad (and truncate) to this length (default: the longest sequence). */
  maxLength?: number;
  /** 'post' (default) pads after the tokens, 'pre' before. */
  side?: 'pre' | 'post';
  /** When a sequence is longer than `maxLength`: keep its 'start' (default) or its 'end'. */
  truncate?: 'start' | 'end';
}

/** A padded batch: ids [B, T] int32, mask [B, T] float32 (1 = token), lengths [B] int32. */
export interface PaddedBatch {
  /** Token ids `[B, T]` (int32). */
  ids: Tensor;
  /** 1 at tokens, 0 at padding `[B, T]` (float32). */
  mask: Tensor;
  /** Each sequence's length after truncation `[B]` (int32). */
  lengths: Tensor;
}

/**
 * Pads sequences of token ids to one length.
 *
 * @example
 * ```ts
 * const { ids, mask, lengths } = padSequences([[5, 6, 7], [8]]);
 * // ids [[5, 6, 7], [8, 0, 0]], mask [[1, 1, 1], [1, 0, 0]], lengths [3, 1]
 * ```
 */
export function padSequences(sequences: readonly (readonly number[])[], options: PadOptions = {}): PaddedBatch {
  if (!Array.isArray(sequences) || sequences.length === 0) throw new ValueError('padSequences: needs at least one sequence');
  const padId = options.padId ?? 0;
  const side = options.side ?? 'post';
  const keep = options.truncate ?? 'start';
  sequences.forEach((s, i) => {
    if (!Array.isArray(s)) throw new ValueError(`padSequences: sequence ${i} is not an array`);
    s.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`padSequences: sequence ${i} position ${j} is ${v}, not a non-negative integer id`);
    });
  });
  const longest = Math.max(...sequences.map((s) => s.length));
  const T = options.maxLength ?? Math.max(1, longest);
  if (!Number.isInteger(T) || T < 1) throw new ValueError(`padSequences: 'maxLength' must be a positive integer, got ${options.maxLength}`);
  const B = sequences.length;
  const ids = new Int32Array(B * T).fill(padId);
  const mask = new Float32Array(B * T);
  const lengths = new Int32Array(B);
  sequences.forEach((s, b) => {
    const cut = s.length > T ? (keep === 'start' ? s.slice(0, T) : s.slice(s.length - T)) : s;
    const off = side === 'post' ? 0 : T - cut.length;
    for (let j = 0; j < cut.length; j++) {
      ids[b * T + off + j] = cut[j];
      mask[b * T + off + j] = 1;
    }
    lengths[b] = cut.length;
  });
  return { ids: tensor(ids, [B, T], 'int32'), mask: tensor(mask, [B, T]), lengths: tensor(lengths, [B], 'int32') };
}
