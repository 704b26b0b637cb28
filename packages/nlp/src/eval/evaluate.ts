// The standard intrinsic evaluations of word vectors: analogy accuracy on a
// questions-words file (": section" headers, four words a line; Mikolov et
// al. 2013) and word-similarity Spearman ρ on "word1 word2 score" lines.
import { FormatError } from '@dendrite/core';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { spearman } from './spearman.js';

/** One analogy question a : b :: c : expected. */
export interface AnalogyQuestion {
  /** The section (': capital-common-countries', ...) it came from. */
  section: string;
  /** a, b, c and the expected answer. */
  words: [string, string, string, string];
  /** Its 1-based line in the file. */
  line: number;
}

/**
 * Parses a questions-words file.
 *
 * @example
 * ```ts
 * parseAnalogies(': capitals\nathens greece paris france\n'); // one question in 'capitals'
 * ```
 */
export function parseAnalogies(text: string, source = 'analogy file'): AnalogyQuestion[] {
  const out: AnalogyQuestion[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith(':')) {
      section = line.slice(1).trim();
      return;
    }
    const parts = line.split(/\s+/);
    if (parts.length !== 4) throw new FormatError(`${source}: line ${i + 1}: expected 4 words, got ${parts.length} (${JSON.stringify(line)})`);
    if (!section) throw new FormatError(`${source}: line ${i + 1}: question before any ': section' line`);
    out.push({ section, words: parts as AnalogyQuestion['words'], line: i + 1 });
  });
  return out;
}

/** Result of `evaluateAnalogies`. */
export interface AnalogyResult {
  /** Correct / answered (questions with an out-of-vocabulary word are skipped). */
  accuracy: number;
  /** Questions answered correctly. */
  correct: number;
  /** Questions whose four words all have vectors. */
  answered: number;
  /** Questions skipped for an out-of-vocabulary word. */
  skipped: number;
  /** The same counts per section. */
  sections: Record<string, { correct: number; answered: number; accuracy: number }>;
}

/**
 * Answers each a : b :: c : ? with mostSimilar(positive [b, c], negative [a])
 * (the three query words excluded) and scores exact matches.
 * Words are lowercased when `lowercase` (default true).
 *
 * @example
 * ```ts
 * evaluateAnalogies(kv, parseAnalogies(text)).accuracy;
 * ```
 */
export function evaluateAnalogies(kv: KeyedVectors, questions: readonly AnalogyQuestion[], options: { method?: '3cosadd' | '3cosmul'; restrict?: number; lowercase?: boolean } = {}): AnalogyResult {
  const sections: AnalogyResult['sections'] = Object.create(null);
  let correct = 0;
  let answered = 0;
  let skipped = 0;
  for (const q of questions) {
    const [a, b, c, d] = q.words.map((w) => (options.lowercase === false ? w : w.toLowerCase()));
    const sec = (sections[q.section] ??= { correct: 0, answered: 0, accuracy: 0 });
    if (![a, b, c, d].every((w) => kv.has(w))) {
      skipped++;
      continue;
    }
    const [[guess]] = kv.mostSimilar({ positive: [b, c], negative: [a], topn: 1, method: options.method, restrict: options.restrict });
    answered++;
    sec.answered++;
    if (guess === d) {
      correct++;
      sec.correct++;
    }
  }
  for (const s of Object.values(sections)) s.accuracy = s.answered ? s.correct / s.answered : 0;
  return { accuracy: answered ? correct / answered : 0, correct, answered, skipped, sections };
}

/** One scored pair of a word-similarity file. */
export interface SimilarityPair {
  /** The first word. */
  a: string;
  /** The second word. */
  b: string;
  /** The human similarity score. */
  score: number;
}

/**
 * Parses "word1 word2 score" lines (tabs or spaces; '#' comments).
 *
 * @example
 * ```ts
 * parseSimilarityPairs('tiger cat 7.35\n'); // [{ a: 'tiger', b: 'cat', score: 7.35 }]
 * ```
 */
export function parseSimilarityPairs(text: string, source = 'word-similarity file'): SimilarityPair[] {
  const out: SimilarityPair[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const score = Number(parts[2]);
    if (parts.length !== 3 || !Number.isFinite(score)) throw new FormatError(`${source}: line ${i + 1}: expected "word1 word2 score", got ${JSON.stringify(line)}`);
    out.push({ a: parts[0], b: parts[1], score });
  });
  return out;
}

/**
 * Spearman ρ between human scores and cosine similarities, over the pairs
 * whose words both have vectors.
 *
 * @example
 * ```ts
 * evaluateWordSimilarity(kv, parseSimilarityPairs(text)).spearman;
 * ```
 */
export function evaluateWordSimilarity(kv: KeyedVectors, pairs: readonly SimilarityPair[], options: { lowercase?: boolean } = {}): { spearman: number; used: number; skipped: number } {
  const human: number[] = [];
  const model: number[] = [];
  for (const p of pairs) {
    const [a, b] = options.lowercase === false ? [p.a, p.b] : [p.a.toLowerCase(), p.b.toLowerCase()];
    if (!kv.has(a) || !kv.has(b)) continue;
    human.push(p.score);
    model.push(kv.similarity(a, b));
  }
  return { spearman: human.length >= 2 ? spearman(human, model) : Number.NaN, used: human.length, skipped: pairs.length - human.length };
}
