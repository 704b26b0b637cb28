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

  constructor(readonly chars: readonly string[]) {
    this.index = new Map(chars.map((c, i) => [c, i]));
    if (this.index.size !== chars.length) throw new ValueError('CharVocab: characters must be distinct');
  }

  static fromText(text: string): CharVocab {
    return new CharVocab([...new Set(text)].sort());
  }

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

  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.chars[i] ?? '').join('');
  }
}
