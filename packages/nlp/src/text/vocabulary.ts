// Vocabulary: token ↔ id with counts, special tokens first, then tokens by
// descending count (ties by first appearance), pruned by minCount/maxSize.
import { FormatError, ValueError } from '@dendrite/core';

/**
 * The special tokens a vocabulary reserves ids for (by default '<pad>' 0, '<unk>' 1, '<bos>' 2, '<eos>' 3).
 *
 * @example
 * ```ts
 * Vocabulary.build(corpus, { specials: [SPECIAL_TOKENS.pad, SPECIAL_TOKENS.unk] });
 * ```
 */
export const SPECIAL_TOKENS = { unk: '<unk>', pad: '<pad>', bos: '<bos>', eos: '<eos>' } as const;

/**
 * A token outside the vocabulary was met where `unknown: 'error'` was asked
 * for, or a word without a vector was queried.
 *
 * @example
 * ```ts
 * try { vocab.encode(['zyzzyva'], { unknown: 'error' }); } catch (e) { if (e instanceof UnknownTokenError) console.log(e.message); }
 * ```
 */
export class UnknownTokenError extends ValueError {
  override name = 'UnknownTokenError';
}

/** Options of `Vocabulary.build`. */
export interface VocabularyOptions {
  /** Drop tokens seen fewer times (default 1). */
  minCount?: number;
  /** Keep at most this many ordinary tokens (the most frequent; default unlimited). */
  maxSize?: number;
  /** Special tokens placed first, in order (default ['<pad>', '<unk>', '<bos>', '<eos>'], so '<pad>' is id 0). */
  specials?: readonly string[];
}

/** Options of `encode`. */
export interface EncodeOptions {
  /** 'unk' (default) maps unknown tokens to the '<unk>' id; 'skip' drops them; 'error' throws `UnknownTokenError`. */
  unknown?: 'unk' | 'skip' | 'error';
  /** Add '<bos>' / '<eos>' around the sequence (default false). */
  addBos?: boolean;
  /** Add '<eos>' after the sequence (default false). */
  addEos?: boolean;
}

/**
 * Token ↔ id table with counts.
 *
 * @example
 * ```ts
 * const vocab = Vocabulary.build([['the', 'cat'], ['the', 'dog']], { minCount: 1 });
 * vocab.encode(['the', 'emu']); // [4, 1]  ('<unk>' is 1)
 * vocab.decode([4, 5]);          // ['the', 'cat']
 * ```
 */
export class Vocabulary {
  /** Every token, indexed by id. */
  readonly tokens: readonly string[];
  /** Corpus count of each token (0 for specials). */
  readonly counts: Int32Array;
  /** The special tokens (first in `tokens` when made by `Vocabulary.build`). */
  readonly specials: readonly string[];
  private readonly ids: Map<string, number>;

  /**
   * A vocabulary of `tokens` (use `Vocabulary.build` to count a corpus).
   * @param tokens - Every token, indexed by id (no duplicates).
   * @param counts - Corpus count of each token (default 0).
   * @param specials - Special tokens (each must be in `tokens`).
   */
  constructor(tokens: readonly string[], counts?: ArrayLike<number>, specials: readonly string[] = []) {
    this.ids = new Map();
    tokens.forEach((t, i) => {
      if (typeof t !== 'string') throw new ValueError(`Vocabulary: token ${i} is not a string (${typeof t})`);
      if (this.ids.has(t)) throw new ValueError(`Vocabulary: token ${JSON.stringify(t)} appears twice (ids ${this.ids.get(t)} and ${i})`);
      this.ids.set(t, i);
    });
    for (const s of specials) if (!this.ids.has(s)) throw new ValueError(`Vocabulary: special token ${JSON.stringify(s)} is not in the token list`);
    if (counts && counts.length !== tokens.length) throw new ValueError(`Vocabulary: ${counts.length} counts for ${tokens.length} tokens`);
    this.tokens = tokens.slice();
    this.counts = counts ? Int32Array.from(counts) : new Int32Array(tokens.length);
    this.specials = specials.slice();
  }

  /**
   * Counts the tokens of `corpus` (an iterable of token arrays) and keeps the frequent ones.
   * Throws `ValueError` when the corpus is empty or nothing survives `minCount`.
   */
  static build(corpus: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    const specials = options.specials ?? [SPECIAL_TOKENS.pad, SPECIAL_TOKENS.unk, SPECIAL_TOKENS.bos, SPECIAL_TOKENS.eos];
    if (!(Number.isInteger(minCount) && minCount >= 1)) throw new ValueError(`Vocabulary.build: 'minCount' must be an integer >= 1, got ${minCount}`);
    if (!(maxSize >= 1)) throw new ValueError(`Vocabulary.build: 'maxSize' must be >= 1, got ${maxSize}`);
    const counts = new Map<string, number>();
    let total = 0;
    for (const sentence of corpus) {
      for (const t of sentence) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        total++;
      }
    }
    if (total === 0) throw new ValueError('Vocabulary.build: the corpus is empty (no tokens)');
    const special = new Set(specials);
    // Map iteration order is first appearance, and sort is stable: ties keep it.
    const kept = [...counts].filter(([t, c]) => c >= minCount && !special.has(t)).sort((a, b) => b[1] - a[1]);
    if (kept.length === 0) throw new ValueError(`Vocabulary.build: no token occurs at least minCount=${minCount} times (${counts.size} distinct, ${total} total)`);
    const top = kept.slice(0, Math.min(kept.length, maxSize));
    return new Vocabulary([...specials, ...top.map(([t]) => t)], [...specials.map(() => 0), ...top.map(([, c]) => c)], specials);
  }

  /** Number of tokens (specials included). */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of '<unk>' (or -1 when the vocabulary has none). */
  get unkId(): number {
    return this.ids.get(SPECIAL_TOKENS.unk) ?? -1;
  }

  /** The id of '<pad>' (or -1). */
  get padId(): number {
    return this.ids.get(SPECIAL_TOKENS.pad) ?? -1;
  }

  /** Whether `token` has an id. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of `token`, or undefined. */
  id(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** The token of `id`; throws `ValueError` outside [0, size). */
  token(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) throw new ValueError(`Vocabulary.token: id ${id} is outside [0, ${this.tokens.length})`);
    return this.tokens[id];
  }

  /** Token ids of `tokens`; see `EncodeOptions` for unknown tokens. */
  encode(tokens: readonly string[], options: EncodeOptions = {}): number[] {
    const mode = options.unknown ?? 'unk';
    const out: number[] = [];
    const special = (name: string) => {
      const id = this.ids.get(name);
      if (id === undefined) throw new ValueError(`Vocabulary.encode: ${name} was asked for but the vocabulary has no ${name} token`);
      return id;
    };
    if (options.addBos) out.push(special(SPECIAL_TOKENS.bos));
    tokens.forEach((t, i) => {
      const id = this.ids.get(t);
      if (id !== undefined) out.push(id);
      else if (mode === 'skip') return;
      else if (mode === 'error') throw new UnknownTokenError(`Vocabulary.encode: token ${i} ${JSON.stringify(t)} is not in the vocabulary (${this.size} tokens)`);
      else if (this.unkId < 0) throw new UnknownTokenError(`Vocabulary.encode: token ${i} ${JSON.stringify(t)} is unknown and the vocabulary has no '<unk>'`);
      else out.push(this.unkId);
    });
    if (options.addEos) out.push(special(SPECIAL_TOKENS.eos));
    return out;
  }

  /** Tokens of `ids`; `skipSpecials` drops '<pad>', '<bos>', ... */
  decode(ids: ArrayLike<number>, options: { skipSpecials?: boolean } = {}): string[] {
    const special = new Set(this.specials);
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const t = this.token(ids[i]);
      if (!(options.skipSpecials && special.has(t))) out.push(t);
    }
    return out;
  }

  /** A JSON-ready object: `{ format, tokens, counts, specials }`. */
  toJSON(): { format: 'dendrite-vocabulary'; version: 1; tokens: string[]; counts: number[]; specials: string[] } {
    return { format: 'dendrite-vocabulary', version: 1, tokens: [...this.tokens], counts: Array.from(this.counts), specials: [...this.specials] };
  }

  /** Reads what `toJSON` wrote (an object or its JSON text); `FormatError` names what is wrong. */
  static fromJSON(json: unknown, source = 'vocabulary JSON'): Vocabulary {
    let obj = json;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch (e) {
        throw new FormatError(`Vocabulary.fromJSON: ${source} is not valid JSON (${(e as Error).message})`);
      }
    }
    const o = obj as Record<string, unknown>;
    if (!o || typeof o !== 'object' || o.format !== 'dendrite-vocabulary') throw new FormatError(`Vocabulary.fromJSON: ${source} is not a dendrite-vocabulary object`);
    const { tokens, counts, specials } = o;
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) throw new FormatError(`Vocabulary.fromJSON: ${source} 'tokens' must be an array of strings`);
    if (!Array.isArray(counts) || counts.length !== tokens.length || !counts.every((c) => Number.isInteger(c) && c >= 0)) {
      throw new FormatError(`Vocabulary.fromJSON: ${source} 'counts' must be ${tokens.length} non-negative integers`);
    }
    if (!Array.isArray(specials) || !specials.every((t) => typeof t === 'string')) throw new FormatError(`Vocabulary.fromJSON: ${source} 'specials' must be an array of strings`);
    try {
      return new Vocabulary(tokens as string[], counts as number[], specials as string[]);
    } catch (e) {
      throw new FormatError(`Vocabulary.fromJSON: ${source}: ${(e as Error).message}`);
    }
  }
}
