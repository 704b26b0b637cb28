// Tokenizers, vocabulary, BPE and the tensor encodings.
import { FormatError, memory, ValueError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { BPE, bagOfWords, CharTokenizer, HostRng, oneHotEncode, padSequences, TfIdf, UnknownTokenError, Vocabulary, WordTokenizer } from '../src/index.js';

describe('WordTokenizer', () => {
  it('lowercases, keeps numbers and contractions, drops punctuation by default', () => {
    expect(new WordTokenizer().tokenize("Don't panic: it's 42.5 km, Zoë!")).toEqual(["don't", 'panic', "it's", '42.5', 'km', 'zoë']);
  });
  it('splits contractions and keeps punctuation on request', () => {
    const t = new WordTokenizer({ contractions: 'split', punctuation: true, lowercase: false });
    expect(t.tokenize("I don't know, it's OK.")).toEqual(['I', 'do', "n't", 'know', ',', 'it', "'s", 'OK', '.']);
  });
  it('replaces or drops numbers', () => {
    expect(new WordTokenizer({ numbers: 'token' }).tokenize('in 1999 and 2,000')).toEqual(['in', '<num>', 'and', '<num>']);
    expect(new WordTokenizer({ numbers: 'drop' }).tokenize('in 1999')).toEqual(['in']);
  });
  it('handles non-Latin scripts and curly apostrophes', () => {
    expect(new WordTokenizer().tokenize('Привет мир — don’t')).toEqual(['привет', 'мир', "don't"]);
  });
  it('property: every token is a substring of the lowercased text and has no whitespace', () => {
    const rng = new HostRng(5);
    const alphabet = "abcXYZ019 ,.!?'-é\n\tß";
    const tok = new WordTokenizer({ punctuation: true });
    for (let trial = 0; trial < 200; trial++) {
      const text = Array.from({ length: rng.next() % 40 }, () => alphabet[rng.next() % alphabet.length]).join('');
      const lower = text.toLowerCase();
      for (const t of tok.tokenize(text)) {
        expect(t).not.toMatch(/\s/);
        expect(t.length).toBeGreaterThan(0);
        expect(lower.includes(t)).toBe(true);
      }
    }
  });
  it('rejects bad options and non-strings with typed errors', () => {
    expect(() => new WordTokenizer({ numbers: 'x' as never })).toThrow(ValueError);
    expect(() => new WordTokenizer().tokenize(3 as never)).toThrow(ValueError);
  });
  it('CharTokenizer splits code points', () => {
    expect(new CharTokenizer().tokenize('héy👍')).toEqual(['h', 'é', 'y', '👍']);
  });
});

describe('Vocabulary', () => {
  const corpus = [
    ['the', 'cat', 'sat'],
    ['the', 'dog', 'sat'],
    ['the', 'emu'],
  ];
  it('orders specials first, then by count, ties by first appearance', () => {
    const v = Vocabulary.build(corpus);
    expect(v.tokens).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'sat', 'cat', 'dog', 'emu']);
    expect(Array.from(v.counts)).toEqual([0, 0, 0, 0, 3, 2, 1, 1, 1]);
    expect(v.padId).toBe(0);
    expect(v.unkId).toBe(1);
  });
  it('minCount and maxSize prune', () => {
    expect(Vocabulary.build(corpus, { minCount: 2 }).tokens.slice(4)).toEqual(['the', 'sat']);
    expect(Vocabulary.build(corpus, { maxSize: 3 }).tokens.slice(4)).toEqual(['the', 'sat', 'cat']);
  });
  it('encode/decode round-trip, unknowns by option', () => {
    const v = Vocabulary.build(corpus, { minCount: 2 });
    expect(v.encode(['the', 'zebra', 'sat'])).toEqual([4, 1, 5]);
    expect(v.encode(['the', 'zebra'], { unknown: 'skip', addBos: true, addEos: true })).toEqual([2, 4, 3]);
    expect(() => v.encode(['the', 'zebra'], { unknown: 'error' })).toThrow(UnknownTokenError);
    expect(() => v.encode(['the', 'zebra'], { unknown: 'error' })).toThrow(/token 1 "zebra"/);
    expect(v.decode([2, 4, 5, 0], { skipSpecials: true })).toEqual(['the', 'sat']);
    expect(() => v.decode([99])).toThrow(ValueError);
  });
  it('property: decode(encode(tokens)) is the identity on in-vocabulary tokens', () => {
    const v = Vocabulary.build(corpus);
    const rng = new HostRng(2);
    const words = v.tokens.slice(4);
    for (let i = 0; i < 50; i++) {
      const seq = Array.from({ length: rng.next() % 10 }, () => words[rng.next() % words.length]);
      expect(v.decode(v.encode(seq))).toEqual(seq);
    }
  });
  it('JSON round-trip, FormatError on damaged JSON', () => {
    const v = Vocabulary.build(corpus);
    const back = Vocabulary.fromJSON(JSON.stringify(v.toJSON()));
    expect(back.tokens).toEqual(v.tokens);
    expect(Array.from(back.counts)).toEqual(Array.from(v.counts));
    expect(() => Vocabulary.fromJSON('{oops')).toThrow(FormatError);
    expect(() => Vocabulary.fromJSON({ ...v.toJSON(), counts: [1] })).toThrow(FormatError);
    expect(() => Vocabulary.fromJSON({ ...v.toJSON(), tokens: ['a', 'a'], counts: [1, 1], specials: [] })).toThrow(/appears twice/);
  });
  it('empty corpora are a ValueError', () => {
    expect(() => Vocabulary.build([])).toThrow(ValueError);
    expect(() => Vocabulary.build([[], []])).toThrow(/empty/);
    expect(() => Vocabulary.build([['a']], { minCount: 2 })).toThrow(/minCount=2/);
  });
});

describe('BPE', () => {
  const words = 'low low low low low lower lower newest newest newest newest newest newest widest widest widest'.split(' ');
  it('learns the merges counted by hand (Sennrich et al. 2016 corpus)', () => {
    // Pair counts: e s 9 = s t</w> 9 (tie → lexicographic 'e s'), then es t</w> 9, l o 7,
    // then n e = e w = w est</w> 6 (tie → 'e w'), then n ew = ew est</w> 6 (tie → 'ew est</w>').
    const bpe = BPE.train([words], { merges: 5 });
    expect(bpe.merges).toEqual([
      ['e', 's'],
      ['es', 't</w>'],
      ['l', 'o'],
      ['e', 'w'],
      ['ew', 'est</w>'],
    ]);
    expect(bpe.encodeWord('lowest')).toEqual(['lo', 'w', 'est</w>']);
  });
  it('unknown words still get pieces; decode inverts encode', () => {
    const bpe = BPE.train([words], { merges: 10 });
    const rng = new HostRng(9);
    for (let i = 0; i < 100; i++) {
      const w = Array.from({ length: 1 + (rng.next() % 9) }, () => 'lowestnxyzé'[rng.next() % 11]).join('');
      const pieces = bpe.encodeWord(w);
      expect(pieces.length).toBeGreaterThan(0);
      expect(bpe.decode(pieces)).toEqual([w]);
    }
    expect(bpe.decode(bpe.encode(['slowest', 'newer']))).toEqual(['slowest', 'newer']);
  });
  it('saves and loads its merges', () => {
    const bpe = BPE.train([words], { merges: 10 });
    const back = BPE.fromJSON(JSON.stringify(bpe.toJSON()));
    expect(back.merges).toEqual(bpe.merges);
    expect(back.encodeWord('widest')).toEqual(bpe.encodeWord('widest'));
    expect(() => BPE.fromJSON({ format: 'dendrite-bpe', merges: [['a']] })).toThrow(FormatError);
    expect(() => BPE.train([], { merges: 3 })).toThrow(ValueError);
  });
});

describe('encodings', () => {
  it('padSequences pads post/pre, truncates, and gives masks and lengths', async () => {
    const before = memory().numTensors;
    const a = padSequences([[5, 6, 7], [8]]);
    expect(await a.ids.array()).toEqual([
      [5, 6, 7],
      [8, 0, 0],
    ]);
    expect(await a.mask.array()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(Array.from(await a.lengths.data())).toEqual([3, 1]);
    const b = padSequences([[5, 6, 7], [8]], { side: 'pre', maxLength: 2, truncate: 'end', padId: 9 });
    expect(await b.ids.array()).toEqual([
      [6, 7],
      [9, 8],
    ]);
    for (const t of [a.ids, a.mask, a.lengths, b.ids, b.mask, b.lengths]) t.dispose();
    expect(memory().numTensors).toBe(before);
    expect(() => padSequences([])).toThrow(ValueError);
    expect(() => padSequences([[1, -2]])).toThrow(/position 1 is -2/);
  });
  it('one-hot and bag-of-words', async () => {
    expect(await oneHotEncode([2, 0], 3).array()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(await bagOfWords([[1, 1, 2], [0]], 3).array()).toEqual([
      [0, 2, 1],
      [1, 0, 0],
    ]);
    expect(await bagOfWords([[1, 1, 2]], 3, { binary: true }).array()).toEqual([[0, 1, 1]]);
    expect(() => oneHotEncode([3], 3)).toThrow(/outside \[0, 3\)/);
  });
  it('TF-IDF matches a hand computation', async () => {
    // docs: [0,1] and [0,2]; n = 2; df = [2,1,1]; idf = ln(3/3)+1 = 1, ln(3/2)+1
    const t = TfIdf.fit([[0, 1], [0, 2]], 3);
    const i1 = Math.log(1.5) + 1;
    expect(t.idf[0]).toBeCloseTo(1, 12);
    expect(t.idf[1]).toBeCloseTo(i1, 12);
    const row = Array.from(await t.transform([[0, 1, 1]]).data());
    const raw = [1, 2 * i1, 0];
    const n = Math.hypot(...raw);
    raw.forEach((v, j) => expect(row[j]).toBeCloseTo(v / n, 6));
  });
});
