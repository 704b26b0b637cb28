// An Embedding layer whose rows come from pretrained vectors, aligned to a
// Vocabulary: known words get their vector, others (and specials) a small
// random row, '<pad>' zeros. Frozen (no gradient) or fine-tuned.
import { tensor, ValueError } from '@dendrite/core';
import { Embedding } from '@dendrite/layers';
import { HostRng } from '../word2vec/rng.js';
import type { Vocabulary } from '../text/vocabulary.js';
import type { KeyedVectors } from './keyed-vectors.js';

/** Options of `embeddingFromVectors`. */
export interface EmbeddingFromVectorsOptions {
  /** Rows follow this vocabulary's ids (default: the vectors' own word order). */
  vocabulary?: Vocabulary;
  /** No gradient reaches the table (default true). */
  freeze?: boolean;
  /** Words missing from the vectors get uniform(−scale, scale) rows (default 0.1·RMS of the vectors), seeded. */
  seed?: number;
  /** Also look up the lowercased word when the exact one is missing (default true). */
  lowercaseFallback?: boolean;
}

/**
 * Builds an `Embedding` from pretrained vectors; `found` counts the vocabulary
 * words that had a vector.
 *
 * @example
 * ```ts
 * const { layer, found } = embeddingFromVectors(glove, { vocabulary: vocab, freeze: false });
 * layer.forward(tensor([[4, 5]], undefined, 'int32')).shape; // [1, 2, 100]
 * ```
 */
export function embeddingFromVectors(kv: KeyedVectors, options: EmbeddingFromVectorsOptions = {}): { layer: Embedding; found: number; missing: string[] } {
  const vocab = options.vocabulary;
  const words = vocab ? vocab.tokens : kv.words;
  if (words.length === 0) throw new ValueError('embeddingFromVectors: the vocabulary is empty');
  const d = kv.dim;
  let sq = 0;
  for (const x of kv.vectors) sq += x * x;
  const scale = 0.1 * Math.sqrt(sq / Math.max(1, kv.vectors.length)) * Math.sqrt(3);
  const rng = new HostRng(options.seed ?? 0);
  const table = new Float32Array(words.length * d);
  const padId = vocab ? vocab.padId : -1;
  let found = 0;
  const missing: string[] = [];
  words.forEach((w, i) => {
    if (i === padId) return;
    const key = kv.has(w) ? w : options.lowercaseFallback !== false && kv.has(w.toLowerCase()) ? w.toLowerCase() : null;
    if (key !== null) {
      table.set(kv.get(key), i * d);
      found++;
    } else {
      if (!vocab?.specials.includes(w)) missing.push(w);
      for (let j = 0; j < d; j++) table[i * d + j] = (2 * rng.uniform() - 1) * scale;
    }
  });
  const layer = new Embedding(words.length, d, { paddingIdx: padId >= 0 ? padId : null });
  layer.weight.assign(tensor(table, [words.length, d]));
  layer.weight.requiresGrad = !(options.freeze ?? true);
  return { layer, found, missing };
}
