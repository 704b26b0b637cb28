// Character vocabulary: the sorted set of a text's characters.
import { ValueError } from '@dendrite/core';

/**
 * Maps characters to ids and back.
 *
 * @example
 * ```ts
 * const v = CharVocab.fromText('hello');
 * v.encode('hole'); // Int32Array [1, 3, 2, 0]
 * v.decode([1, 0]); // 'he'
 * ```
 */
export class CharVocab {
  private readonly index: Map<string, number>;

  /** A vocabulary of the given characters, id i being `chars[i]`; throws if they repeat. */
  constructor(
    /** The characters, in id order (distinct). */
    readonly chars: readonly string[],
  ) {
    this.index = new Map(chars.map((c, i) => [c, i]));
    if (this.index.size !== chars.length) throw new ValueError('CharVocab: characters must be distinct');
  }

  /** The vocabulary of the distinct characters of `text`, sorted by code unit. */
  static fromText(text: string): CharVocab {
    return new CharVocab([...new Set(text)].sort());
  }

  /** Number of characters (ids run from 0 to size - 1). */
  get size(): number {
    return this.chars.length;
  }

  /** Ids of `text`; characters outside the vocabulary throw (naming the first). */
  encode(text: string): Int32Array {
    const out = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const id = this.index.get(text[i]);
      if (id === undefined) throw new ValueError(`CharVocab.encode: character ${JSON.stringify(text[i])} at ${i} is not in the vocabulary`);
      out[i] = id;
    }
    return out;
  }

  /** The text of `ids`; ids outside the vocabulary are dropped. */
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.chars[i] ?? '').join('');
  }
}
