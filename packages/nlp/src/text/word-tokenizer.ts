// A Unicode-aware word tokenizer: letters/digits via \p{L}\p{N}, English
// contractions kept together or split, numbers kept whole, punctuation
// kept as tokens or dropped.
import { ValueError } from '@dendrite/core';

/** Options of `WordTokenizer`. */
export interface WordTokenizerOptions {
  /** Lowercase every token (default true; locale-independent `toLowerCase`). */
  lowercase?: boolean;
  /** Keep punctuation marks as one-character tokens (default false: drop them). */
  punctuation?: boolean;
  /** 'keep' (default) keeps "12.5" as one token; 'drop' removes numbers; 'token' replaces each by `numberToken`. */
  numbers?: 'keep' | 'drop' | 'token';
  /** The token that replaces numbers when `numbers` is 'token' (default '<num>'). */
  numberToken?: string;
  /** 'keep' (default): "don't" stays one token; 'split': "do" + "n't", "it's" → "it" + "'s" (Penn Treebank style). */
  contractions?: 'keep' | 'split';
}

// One regex, tried in order: number, word with inner apostrophes/hyphens, single punctuation mark.
const TOKEN = /(\p{N}+(?:[.,]\p{N}+)*)|([\p{L}\p{M}\p{N}_]+(?:['’-][\p{L}\p{M}\p{N}_]+)*)|([^\s\p{L}\p{M}\p{N}_])/gu;
const SPLIT_SUFFIX = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$/iu;

/**
 * Splits text into word tokens.
 *
 * @example
 * ```ts
 * new WordTokenizer().tokenize("Don't panic: it's 42.5 km!"); // ["don't", 'panic', "it's", '42.5', 'km']
 * new WordTokenizer({ contractions: 'split', punctuation: true }).tokenize("Don't!"); // ['do', "n't", '!']
 * ```
 */
export class WordTokenizer {
  /** Whether text is lowercased first. */
  readonly lowercase: boolean;
  /** Whether punctuation marks are kept as tokens. */
  readonly punctuation: boolean;
  /** What happens to numbers: kept, dropped, or replaced by `numberToken`. */
  readonly numbers: 'keep' | 'drop' | 'token';
  /** The token that replaces numbers when `numbers` is 'token'. */
  readonly numberToken: string;
  /** Whether contractions stay one token ('keep') or split off their clitic ('split'). */
  readonly contractions: 'keep' | 'split';

  /**
   * A word tokenizer with the given options.
   * @param options - See `WordTokenizerOptions`.
   */
  constructor(options: WordTokenizerOptions = {}) {
    this.lowercase = options.lowercase ?? true;
    this.punctuation = options.punctuation ?? false;
    this.numbers = options.numbers ?? 'keep';
    this.numberToken = options.numberToken ?? '<num>';
    this.contractions = options.contractions ?? 'keep';
    if (!['keep', 'drop', 'token'].includes(this.numbers)) throw new ValueError(`WordTokenizer: 'numbers' must be keep, drop or token, got ${JSON.stringify(this.numbers)}`);
    if (!['keep', 'split'].includes(this.contractions)) throw new ValueError(`WordTokenizer: 'contractions' must be keep or split, got ${JSON.stringify(this.contractions)}`);
  }

  /** The tokens of `text`, in order. */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new ValueError(`WordTokenizer.tokenize: 'text' must be a string, got ${typeof text}`);
    const out: string[] = [];
    const src = (this.lowercase ? text.toLowerCase() : text).normalize('NFC');
    for (const m of src.matchAll(TOKEN)) {
      if (m[1] !== undefined) {
        if (this.numbers === 'keep') out.push(m[1]);
        else if (this.numbers === 'token') out.push(this.numberToken);
      } else if (m[2] !== undefined) {
        const word = m[2].replace(/’/g, "'");
        const split = this.contractions === 'split' ? SPLIT_SUFFIX.exec(word) : null;
        if (split) out.push(split[1], split[2]);
        else out.push(word);
      } else if (this.punctuation) {
        out.push(m[3]);
      }
    }
    return out;
  }
}

/**
 * Splits text into characters (Unicode code points, so emoji and accents are one token each).
 *
 * @example
 * ```ts
 * new CharTokenizer().tokenize('héllo'); // ['h', 'é', 'l', 'l', 'o']
 * ```
 */
export class CharTokenizer {
  /** Whether text is lowercased first. */
  readonly lowercase: boolean;
  /**
   * A character tokenizer.
   * @param options - `lowercase` (default false).
   */
  constructor(options: { lowercase?: boolean } = {}) {
    this.lowercase = options.lowercase ?? false;
  }

  /** The characters of `text` (Unicode code points), lowercased when asked. */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new ValueError(`CharTokenizer.tokenize: 'text' must be a string, got ${typeof text}`);
    return Array.from((this.lowercase ? text.toLowerCase() : text).normalize('NFC'));
  }
}
