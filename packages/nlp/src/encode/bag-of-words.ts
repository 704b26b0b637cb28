// One-hot, bag-of-words counts and TF-IDF as dense float32 tensors.
import { type Tensor, tensor, ValueError } from '@dendrite/core';

function checkIds(op: string, docs: readonly (readonly number[])[], size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new ValueError(`${op}: 'vocabSize' must be a positive integer, got ${size}`);
  docs.forEach((d, i) =>
    d.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0 || v >= size) throw new ValueError(`${op}: document ${i} position ${j} has id ${v}, outside [0, ${size})`);
    }),
  );
}

/**
 * One-hot rows for a sequence of ids: [n, vocabSize] float32.
 *
 * @example
 * ```ts
 * oneHotEncode([2, 0], 3); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHotEncode(ids: readonly number[], vocabSize: number): Tensor {
  checkIds('oneHotEncode', [ids], vocabSize);
  const out = new Float32Array(ids.length * vocabSize);
  ids.forEach((id, i) => {
    out[i * vocabSize + id] = 1;
  });
  return tensor(out, [ids.length, vocabSize]);
}

/**
 * Bag-of-words counts: [documents, vocabSize] float32 (`binary` gives 0/1 presence).
 *
 * @example
 * ```ts
 * bagOfWords([[1, 1, 2], [0]], 3); // [[0, 2, 1], [1, 0, 0]]
 * ```
 */
export function bagOfWords(docs: readonly (readonly number[])[], vocabSize: number, options: { binary?: boolean } = {}): Tensor {
  checkIds('bagOfWords', docs, vocabSize);
  const out = new Float32Array(docs.length * vocabSize);
  docs.forEach((d, i) => {
    for (const id of d) out[i * vocabSize + id] = options.binary ? 1 : out[i * vocabSize + id] + 1;
  });
  return tensor(out, [docs.length, vocabSize]);
}

/**
 * TF-IDF fitted on a set of documents: idf(t) = ln((1 + n) / (1 + df(t))) + 1
 * (scikit-learn's smoothed form), rows L2-normalized by default.
 *
 * @example
 * ```ts
 * const tfidf = TfIdf.fit([[0, 1], [0, 2]], 3);
 * tfidf.transform([[1, 1, 0]]); // [1, 3] row: 'a' (id 1) weighs more than the common id 0
 * ```
 */
export class TfIdf {
  /** Number of token ids. */
  readonly vocabSize: number;
  /** The inverse document frequency of each id. */
  readonly idf: Float64Array;
  /** Whether each row is scaled to unit L2 norm. */
  readonly normalize: boolean;

  private constructor(vocabSize: number, idf: Float64Array, normalize: boolean) {
    this.vocabSize = vocabSize;
    this.idf = idf;
    this.normalize = normalize;
  }

  /** Fits the idf of `docs` (lists of ids below `vocabSize`); `normalize` (default true) scales rows to unit L2 norm. */
  static fit(docs: readonly (readonly number[])[], vocabSize: number, options: { normalize?: boolean } = {}): TfIdf {
    if (docs.length === 0) throw new ValueError('TfIdf.fit: needs at least one document');
    checkIds('TfIdf.fit', docs, vocabSize);
    const df = new Float64Array(vocabSize);
    for (const d of docs) for (const id of new Set(d)) df[id]++;
    const idf = df.map((f) => Math.log((1 + docs.length) / (1 + f)) + 1);
    return new TfIdf(vocabSize, idf, options.normalize ?? true);
  }

  /** [documents, vocabSize] float32 TF-IDF rows. */
  transform(docs: readonly (readonly number[])[]): Tensor {
    checkIds('TfIdf.transform', docs, this.vocabSize);
    const V = this.vocabSize;
    const out = new Float32Array(docs.length * V);
    docs.forEach((d, i) => {
      const row = new Float64Array(V);
      for (const id of d) row[id] += this.idf[id];
      let norm = 0;
      for (let j = 0; j < V; j++) norm += row[j] * row[j];
      const s = this.normalize && norm > 0 ? 1 / Math.sqrt(norm) : 1;
      for (let j = 0; j < V; j++) out[i * V + j] = row[j] * s;
    });
    return tensor(out, [docs.length, V]);
  }
}
