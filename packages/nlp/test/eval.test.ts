// The analogy and word-similarity evaluators on hand-computed examples.
import { FormatError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { evaluateAnalogies, evaluateWordSimilarity, KeyedVectors, parseAnalogies, parseSimilarityPairs, ranks, spearman } from '../src/index.js';

const kv = () => {
  const rows: Record<string, [number, number]> = { man: [1, 0], woman: [0, 1], king: [2, 0.2], queen: [0.2, 2], apple: [-1, -1], pear: [-1, -0.9] };
  return new KeyedVectors(Object.keys(rows), Float32Array.from(Object.values(rows).flat()), 2);
};

describe('spearman', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
  it('matches hand-computed values', () => {
    expect(spearman([1, 2, 3], [10, 30, 20])).toBeCloseTo(0.5, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks a = [1,2,3,4], b = [1, 2.5, 2.5, 4]: ρ = 4.5 / sqrt(5 · 4.5)
    expect(spearman([1, 2, 3, 4], [1, 5, 5, 9])).toBeCloseTo(4.5 / Math.sqrt(5 * 4.5), 12);
  });
});

describe('analogies', () => {
  const text = ': gender\nman woman king queen\nwoman man queen king\nman king woman queen\n: fruit\napple pear man unicorn\n# comment\nman apple woman king\n';
  it('parses sections and validates lines', () => {
    const qs = parseAnalogies(text);
    expect(qs.map((q) => q.section)).toEqual(['gender', 'gender', 'gender', 'fruit', 'fruit']);
    expect(() => parseAnalogies(': s\na b c\n', 'q.txt')).toThrow(/q.txt: line 2: expected 4 words/);
    expect(() => parseAnalogies('a b c d\n')).toThrow(FormatError);
  });
  it('scores by hand: 3 answered right, 1 wrong, 1 skipped (OOV)', () => {
    // man:woman::king:? → queen ✓; woman:man::queen:? → king ✓; man:king::woman:? → queen ✓;
    // apple:pear::man:unicorn skipped; man:apple::woman:? → king? q = apple + woman − man = (−1.7, 0.3)
    // normalized terms; the nearest excluding the query words is pear, so ✗.
    const r = evaluateAnalogies(kv(), parseAnalogies(text));
    expect(r).toMatchObject({ correct: 3, answered: 4, skipped: 1, accuracy: 0.75 });
    expect(r.sections.gender).toEqual({ correct: 3, answered: 3, accuracy: 1 });
    expect(r.sections.fruit).toEqual({ correct: 0, answered: 1, accuracy: 0 });
  });
});

describe('word similarity', () => {
  it('parses pairs and correlates with cosine ranks', () => {
    const pairs = parseSimilarityPairs('# w1 w2 score\nking queen 5\nking man 9\napple pear 10\nman apple 0\nking ghost 3\n');
    const r = evaluateWordSimilarity(kv(), pairs);
    expect(r.used).toBe(4);
    expect(r.skipped).toBe(1);
    const cos = [kv().similarity('king', 'queen'), kv().similarity('king', 'man'), kv().similarity('apple', 'pear'), kv().similarity('man', 'apple')];
    expect(r.spearman).toBeCloseTo(spearman([5, 9, 10, 0], cos), 12);
    // cosines order: man–apple < king–queen < king–man < apple–pear, same as the scores: ρ = 1
    expect(r.spearman).toBeCloseTo(1, 12);
    expect(() => parseSimilarityPairs('a b high\n')).toThrow(/line 1/);
  });
});
