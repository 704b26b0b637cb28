// KeyedVectors' cosine queries scored on a Dendrite backend: the unit rows
// live on the backend as one [words, dim] tensor, and a query is one matmul
// with its vector (3CosAdd) or its unit vectors (3CosMul), read back once;
// the top-k and the 3CosMul combination run on the host, as KeyedVectors does.
import { matmul, type Tensor, tensor, ValueError } from '@dendrite/core';
import { type KeyedVectors, type MostSimilarOptions, resolveQuery, topK } from './keyed-vectors.js';

/**
 * `KeyedVectors.mostSimilar` (nearest words, 3CosAdd and 3CosMul analogies)
 * with the scoring on the active backend (WASM threads, WebGPU, CUDA): the
 * same answers, within float32 rounding of the scores. The unit vectors are
 * uploaded once; `dispose()` frees them.
 *
 * @example
 * ```ts
 * const index = new SimilarityIndex(kv);
 * await index.mostSimilar('king', { topn: 5 });
 * await index.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 1 }); // [['queen', 0.77]]
 * index.dispose();
 * ```
 */
export class SimilarityIndex {
  /** The vectors queried. */
  readonly vectors: KeyedVectors;
  private matrix: Tensor | null;

  /**
   * Uploads the unit rows of `vectors` to the active backend.
   * @param vectors - The word vectors to query.
   */
  constructor(vectors: KeyedVectors) {
    this.vectors = vectors;
    this.matrix = tensor(vectors.normalizedVectors(), [vectors.size, vectors.dim]);
  }

  /** As `KeyedVectors.mostSimilar`: query words are excluded; scores are cosines (3CosAdd) or 3CosMul ratios. */
  async mostSimilar(query: string | MostSimilarOptions, options: Omit<MostSimilarOptions, 'positive' | 'negative'> = {}): Promise<[string, number][]> {
    const op = 'SimilarityIndex.mostSimilar';
    const matrix = this.matrix;
    if (!matrix) throw new ValueError(`${op}: the index was disposed`);
    const { pos, neg, exclude, topn, method, limit } = resolveQuery(this.vectors, op, query, options);
    const d = this.vectors.dim;
    const scores = new Float64Array(limit);
    if (method === '3cosadd') {
      const q = new Float32Array(d);
      for (const v of pos) for (let j = 0; j < d; j++) q[j] += v[j];
      for (const v of neg) for (let j = 0; j < d; j++) q[j] -= v[j];
      const qn = Math.hypot(...q) || 1;
      const s = await this.scores(matrix, q, 1);
      for (let i = 0; i < limit; i++) scores[i] = s[i] / qn;
    } else {
      // One column per query word: cosines of every row with each, shifted to [0, 1].
      const cols = [...pos, ...neg];
      const k = cols.length;
      const q = new Float32Array(d * k);
      cols.forEach((v, c) => {
        for (let j = 0; j < d; j++) q[j * k + c] = v[j];
      });
      const s = await this.scores(matrix, q, k);
      for (let i = 0; i < limit; i++) {
        let num = 1;
        let den = 1;
        for (let c = 0; c < k; c++) {
          const shifted = (1 + s[i * k + c]) / 2;
          if (c < pos.length) num *= shifted;
          else den *= shifted;
        }
        scores[i] = num / (den + 1e-6);
      }
    }
    return topK(scores, topn, exclude).map((i) => [this.vectors.words[i], scores[i]]);
  }

  /** Frees the uploaded vectors; later queries throw. */
  dispose(): void {
    this.matrix?.dispose();
    this.matrix = null;
  }

  /** `using index = new SimilarityIndex(kv)` disposes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  // rows · q for q of shape [dim, k], read back as [size, k].
  private async scores(matrix: Tensor, q: Float32Array, k: number): Promise<Float32Array> {
    const qt = tensor(q, [this.vectors.dim, k]);
    const s = matmul(matrix, qt);
    try {
      return (await s.data()) as Float32Array;
    } finally {
      qt.dispose();
      s.dispose();
    }
  }
}
