// The lexicon baseline: sum of AFINN valences of the words, a preceding
// negation ("not good") flipping the sign, as the `sentiment` package does.
import { ValueError } from '@dendrite/core';
import { WordTokenizer } from '../text/word-tokenizer.js';

const NEGATORS = new Set(['not', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', 'never', 'no', "won't", "can't", 'cant', "couldn't", "wouldn't", "shouldn't", "aren't", "weren't", "haven't", "hasn't"]);

/**
 * Scores text with a word → valence lexicon (AFINN-165: −5..5).
 *
 * @example
 * ```ts
 * const afinn = new LexiconClassifier({ good: 3, bad: -3 });
 * afinn.score('not good at all'); // -3
 * afinn.predict('good'); // 1
 * ```
 */
export class LexiconClassifier {
  private readonly tokenizer = new WordTokenizer();
  /** The label given to a score of exactly 0 (default 1; set it to the training majority). */
  tieLabel: 0 | 1;

  /**
   * A classifier scoring texts with `lexicon`.
   * @param lexicon - Word → valence (AFINN-165 scores from −5 to 5; `loadAfinn()` reads it).
   * @param options - `tieLabel` (default 1).
   */
  constructor(
    readonly lexicon: Readonly<Record<string, number>>,
    options: { tieLabel?: 0 | 1 } = {},
  ) {
    if (!lexicon || typeof lexicon !== 'object') throw new ValueError('LexiconClassifier: the lexicon must be an object of word → number');
    this.tieLabel = options.tieLabel ?? 1;
  }

  /** The summed valence of the words of `text`; a word after a negator ('not', "don't", ...) counts negated. */
  score(text: string): number {
    const words = this.tokenizer.tokenize(text);
    let s = 0;
    words.forEach((w, i) => {
      const v = Object.hasOwn(this.lexicon, w) ? this.lexicon[w] : 0;
      s += i > 0 && NEGATORS.has(words[i - 1]) ? -v : v;
    });
    return s;
  }

  /** 1 (positive) when the score is above 0, 0 when below, `tieLabel` at 0. */
  predict(text: string): 0 | 1 {
    const s = this.score(text);
    return s > 0 ? 1 : s < 0 ? 0 : this.tieLabel;
  }

  /** Accuracy on labeled texts. */
  accuracy(items: readonly { text: string; label: number }[]): number {
    if (items.length === 0) throw new ValueError('LexiconClassifier.accuracy: no items');
    return items.filter((x) => this.predict(x.text) === x.label).length / items.length;
  }
}
