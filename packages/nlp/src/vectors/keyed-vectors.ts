// Word → vector table with cosine queries (gensim's KeyedVectors): similarity,
// mostSimilar with 3CosAdd / 3CosMul (Levy & Goldberg 2014), doesntMatch.
// Unit-normalized rows are computed once and cached.
import { ValueError } from '@dendrite/core';
import { UnknownTokenError } from '../text/vocabulary.js';

/** Options of `mostSimilar`. */
export interface MostSimilarOptions {
  /** Words (or raw vectors) added to the query. */
  positive?: readonly (string | Float32Array)[];
  /** Words (or raw vectors) subtracted from the query. */
  negative?: readonly (string | Float32Array)[];
  /** How many neighbours (default 10). */
  topn?: number;
  /** '3cosadd' (default, gensim `most_similar`) or '3cosmul' (gensim `most_similar_cosmul`). */
  method?: '3cosadd' | '3cosmul';
  /** Only search the first N words (the most frequent, as gensim's `restrict_vocab`). */
  restrict?: number;
}

/**
 * Word vectors with cosine queries.
 *
 * @example
 * ```ts
 * const kv = new KeyedVectors(['king', 'queen', 'man', 'woman'], vectors, 50);
 * kv.similarity('king', 'queen');
 * kv.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 1 }); // [['queen', 0.7...]]
 * kv.doesntMatch(['breakfast', 'lunch', 'dinner', 'car']); // 'car'
 * ```
 */
export class KeyedVectors {
  /** The words, in row order. */
  readonly words: readonly string[];
  /** The vectors, row-major `[size, dim]`. */
  readonly vectors: Float32Array;
  /** Values per vector. */
  readonly dim: number;
  private readonly index: Map<string, number>;
  private normed: Float32Array | null = null;

  /**
   * Vectors for `words` (the `vectors` array is kept, not copied).
   * @param words - The words, in row order (no duplicates).
   * @param vectors - Their vectors, row-major `[words.length, dim]`.
   * @param dim - Values per vector.
   */
  constructor(words: readonly string[], vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new ValueError(`KeyedVectors: 'dim' must be a positive integer, got ${dim}`);
    if (vectors.length !== words.length * dim) throw new ValueError(`KeyedVectors: ${vectors.length} values for ${words.length} words of dim ${dim} (need ${words.length * dim})`);
    this.index = new Map();
    words.forEach((w, i) => {
      if (this.index.has(w)) throw new ValueError(`KeyedVectors: word ${JSON.stringify(w)} appears twice (rows ${this.index.get(w)} and ${i})`);
      this.index.set(w, i);
    });
    this.words = words.slice();
    this.vectors = vectors;
    this.dim = dim;
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** Whether `word` has a vector. */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Row of `word`; throws `UnknownTokenError` naming the word. */
  indexOf(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) throw new UnknownTokenError(`KeyedVectors: word ${JSON.stringify(word)} is not in the vocabulary (${this.size} words)`);
    return i;
  }

  /** The vector of `word` (a view; `normalized` gives the unit vector). */
  get(word: string, options: { normalized?: boolean } = {}): Float32Array {
    const i = this.indexOf(word);
    const src = options.normalized ? this.normalizedVectors() : this.vectors;
    return src.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** All rows scaled to unit L2 norm (zero rows stay zero); computed once. */
  normalizedVectors(): Float32Array {
    if (this.normed) return this.normed;
    const d = this.dim;
    const out = new Float32Array(this.vectors.length);
    for (let i = 0; i < this.size; i++) {
      let n = 0;
      for (let j = 0; j < d; j++) n += this.vectors[i * d + j] ** 2;
      const s = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let j = 0; j < d; j++) out[i * d + j] = this.vectors[i * d + j] * s;
    }
    this.normed = out;
    return out;
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    const x = this.get(a, { normalized: true });
    const y = this.get(b, { normalized: true });
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += x[j] * y[j];
    return s;
  }

  /**
   * Nearest words to a word, or to Σpositive − Σnegative (3CosAdd) / the
   * 3CosMul score Π cos⁺ / (Π cos⁻ + ε) with cosines shifted to [0, 1].
   * Query words are excluded from the answer, as in gensim.
   */
  mostSimilar(query: string | MostSimilarOptions, options: Omit<MostSimilarOptions, 'positive' | 'negative'> = {}): [string, number][] {
    const { pos, neg, exclude, topn, method, limit } = resolveQuery(this, 'KeyedVectors.mostSimilar', query, options);
    const N = this.normalizedVectors();
    const d = this.dim;
    const scores = new Float64Array(limit);
    if (method === '3cosadd') {
      const q = new Float64Array(d);
      for (const v of pos) for (let j = 0; j < d; j++) q[j] += v[j];
      for (const v of neg) for (let j = 0; j < d; j++) q[j] -= v[j];
      const qn = Math.sqrt(q.reduce((s, x) => s + x * x, 0)) || 1;
      for (let i = 0; i < limit; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += N[i * d + j] * q[j];
        scores[i] = s / qn;
      }
    } else {
      const cos = (v: Float32Array, i: number) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += N[i * d + j] * v[j];
        return (1 + s) / 2;
      };
      for (let i = 0; i < limit; i++) {
        let num = 1;
        let den = 1;
        for (const v of pos) num *= cos(v, i);
        for (const v of neg) den *= cos(v, i);
        scores[i] = num / (den + 1e-6);
      }
    }
    return topK(scores, topn, exclude).map((i) => [this.words[i], scores[i]]);
  }

  /** The word least similar to the mean of the others' unit vectors (gensim's `doesnt_match`). */
  doesntMatch(words: readonly string[]): string {
    if (words.length < 2) throw new ValueError(`KeyedVectors.doesntMatch: needs at least 2 words, got ${words.length}`);
    const vs = words.map((w) => this.get(w, { normalized: true }));
    const mean = new Float64Array(this.dim);
    for (const v of vs) for (let j = 0; j < this.dim; j++) mean[j] += v[j] / vs.length;
    let worst = 0;
    let worstScore = Number.POSITIVE_INFINITY;
    vs.forEach((v, i) => {
      let s = 0;
      for (let j = 0; j < this.dim; j++) s += v[j] * mean[j];
      if (s < worstScore) [worst, worstScore] = [i, s];
    });
    return words[worst];
  }

  /** A new table with only `words` (in that order), e.g. to ship a small subset. */
  subset(words: readonly string[]): KeyedVectors {
    const out = new Float32Array(words.length * this.dim);
    words.forEach((w, i) => out.set(this.get(w), i * this.dim));
    return new KeyedVectors(words, out, this.dim);
  }
}

/** A `mostSimilar` query checked and resolved: unit query vectors, the rows to skip, and the options with defaults. */
export interface ResolvedQuery {
  pos: Float32Array[];
  neg: Float32Array[];
  exclude: Set<number>;
  topn: number;
  method: '3cosadd' | '3cosmul';
  limit: number;
}

/** Validates a `mostSimilar` query against `kv` (shared by KeyedVectors and SimilarityIndex); errors name `op`. */
export function resolveQuery(kv: KeyedVectors, op: string, query: string | MostSimilarOptions, options: Omit<MostSimilarOptions, 'positive' | 'negative'> = {}): ResolvedQuery {
  const o: MostSimilarOptions = typeof query === 'string' ? { ...options, positive: [query] } : { ...options, ...query };
  const positive = o.positive ?? [];
  const negative = o.negative ?? [];
  if (positive.length + negative.length === 0) throw new ValueError(`${op}: needs at least one positive or negative word`);
  const topn = o.topn ?? 10;
  if (!Number.isInteger(topn) || topn < 1) throw new ValueError(`${op}: 'topn' must be a positive integer, got ${topn}`);
  const method = o.method ?? '3cosadd';
  if (method !== '3cosadd' && method !== '3cosmul') throw new ValueError(`${op}: 'method' must be '3cosadd' or '3cosmul', got ${JSON.stringify(method)}`);
  const limit = Math.min(kv.size, o.restrict ?? kv.size);
  const exclude = new Set<number>();
  const unit = (w: string | Float32Array): Float32Array => {
    if (typeof w !== 'string') {
      if (w.length !== kv.dim) throw new ValueError(`${op}: a query vector has ${w.length} values, not ${kv.dim}`);
      return normalize(w);
    }
    exclude.add(kv.indexOf(w));
    return kv.get(w, { normalized: true });
  };
  return { pos: positive.map(unit), neg: negative.map(unit), exclude, topn, method, limit };
}

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * s);
}

/** Indices of the k largest scores (ties: lower index first), skipping `exclude`. */
export function topK(scores: ArrayLike<number>, k: number, exclude: Set<number>): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (exclude.has(i)) continue;
    if (best.length === k && scores[i] <= scores[best[k - 1]]) continue;
    let at = best.length;
    while (at > 0 && scores[best[at - 1]] < scores[i]) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
