// Byte-pair encoding (Sennrich et al. 2016): learn merges of the most
// frequent adjacent symbol pairs over word counts; encode a word by applying
// merges in learned order, so unseen words still break into known pieces.
import { FormatError, ValueError } from '@dendrite/core';

/**
 * Marks the end of a word, so "st" inside a word and "st</w>" at its end are different pieces.
 *
 * @example
 * ```ts
 * bpe.encodeWord('low').at(-1)!.endsWith(END_OF_WORD); // true
 * ```
 */
export const END_OF_WORD = '</w>';

/**
 * A BPE subword tokenizer.
 *
 * @example
 * ```ts
 * const bpe = BPE.train([['low', 'lower', 'lowest', 'newest', 'widest']], { merges: 10 });
 * bpe.encodeWord('slowest'); // e.g. ['s', 'low', 'est</w>']
 * const again = BPE.fromJSON(bpe.toJSON());
 * ```
 */
export class BPE {
  /** Merges in learned order: [left, right]. */
  readonly merges: readonly (readonly [string, string])[];
  private readonly ranks: Map<string, number>;
  private readonly cache = new Map<string, string[]>();

  /**
   * A tokenizer applying `merges` (use `BPE.train` to learn them).
   * @param merges - The merge rules, highest priority first (as `BPE.train` learns them).
   */
  constructor(merges: readonly (readonly [string, string])[]) {
    this.merges = merges.map(([a, b]) => [a, b] as const);
    this.ranks = new Map(this.merges.map(([a, b], i) => [`${a} ${b}`, i]));
  }

  /**
   * Learns up to `options.merges` merges from a corpus of token arrays (words
   * counted with their frequency). Ties between equally frequent pairs go to
   * the lexicographically smaller pair, so training is deterministic.
   */
  static train(corpus: Iterable<readonly string[]>, options: { merges: number; minFrequency?: number }): BPE {
    const n = options.merges;
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`BPE.train: 'merges' must be a non-negative integer, got ${n}`);
    const minFreq = options.minFrequency ?? 2;
    const wordCounts = new Map<string, number>();
    for (const sentence of corpus) for (const w of sentence) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    if (wordCounts.size === 0) throw new ValueError('BPE.train: the corpus is empty (no words)');
    const words = [...wordCounts].map(([w, c]) => ({ symbols: [...Array.from(w).slice(0, -1), `${Array.from(w).at(-1)}${END_OF_WORD}`], count: c }));
    const merges: [string, string][] = [];
    for (let m = 0; m < n; m++) {
      const pairs = new Map<string, number>();
      for (const { symbols, count } of words) {
        for (let i = 0; i + 1 < symbols.length; i++) {
          const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + count);
        }
      }
      let best: string | null = null;
      let bestCount = 0;
      for (const [key, c] of pairs) if (c > bestCount || (c === bestCount && best !== null && key < best)) [best, bestCount] = [key, c];
      if (best === null || bestCount < minFreq) break;
      const [a, b] = best.split('\u0000') as [string, string];
      merges.push([a, b]);
      for (const w of words) w.symbols = mergePair(w.symbols, a, b);
    }
    return new BPE(merges);
  }

  /** The subword pieces of one word (the last piece carries `</w>`). */
  encodeWord(word: string): string[] {
    const hit = this.cache.get(word);
    if (hit) return hit.slice();
    const chars = Array.from(word);
    if (chars.length === 0) return [];
    let symbols = [...chars.slice(0, -1), `${chars.at(-1)}${END_OF_WORD}`];
    for (;;) {
      let bestRank = Number.POSITIVE_INFINITY;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && r < bestRank) [bestRank, bestAt] = [r, i];
      }
      if (bestAt < 0) break;
      const [a, b] = this.merges[bestRank];
      symbols = mergePair(symbols, a, b);
    }
    if (this.cache.size < 100_000) this.cache.set(word, symbols);
    return symbols.slice();
  }

  /** The pieces of every word of `words`, concatenated. */
  encode(words: readonly string[]): string[] {
    return words.flatMap((w) => this.encodeWord(w));
  }

  /** Joins pieces back into words (a piece ending in `</w>` ends a word). */
  decode(pieces: readonly string[]): string[] {
    const words: string[] = [];
    let cur = '';
    for (const p of pieces) {
      if (p.endsWith(END_OF_WORD)) {
        words.push(cur + p.slice(0, -END_OF_WORD.length));
        cur = '';
      } else cur += p;
    }
    if (cur) words.push(cur);
    return words;
  }

  /** The merges as JSON (`BPE.fromJSON` reads it back). */
  toJSON(): { format: 'dendrite-bpe'; version: 1; merges: [string, string][] } {
    return { format: 'dendrite-bpe', version: 1, merges: this.merges.map(([a, b]) => [a, b]) };
  }

  /** Reads what `toJSON` wrote (object or JSON text). */
  static fromJSON(json: unknown, source = 'BPE JSON'): BPE {
    let obj = json;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch (e) {
        throw new FormatError(`BPE.fromJSON: ${source} is not valid JSON (${(e as Error).message})`);
      }
    }
    const o = obj as { format?: unknown; merges?: unknown };
    if (o?.format !== 'dendrite-bpe' || !Array.isArray(o.merges)) throw new FormatError(`BPE.fromJSON: ${source} is not a dendrite-bpe object with 'merges'`);
    o.merges.forEach((m, i) => {
      if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string' || !m[0] || !m[1]) {
        throw new FormatError(`BPE.fromJSON: ${source} merge ${i} must be a pair of non-empty strings, got ${JSON.stringify(m)}`);
      }
    });
    return new BPE(o.merges as [string, string][]);
  }
}

function mergePair(symbols: string[], a: string, b: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(a + b);
      i++;
    } else out.push(symbols[i]);
  }
  return out;
}
