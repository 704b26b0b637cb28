// Vector files (round trips, streaming in tiny chunks, malformed input), the
// wink JSON reader, cosine queries and the Embedding built from vectors.
import { readFileSync } from 'node:fs';
import { FormatError, memory, tensor } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { embeddingFromVectors, encodeVectors, KeyedVectors, readVectors, UnknownTokenError, Vocabulary } from '../src/index.js';
import { readWinkVectors } from '../src/vectors/wink.js';

const enc = new TextEncoder();
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
// Re-chunks bytes into pieces of `size`, to exercise chunk boundaries.
async function* pieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const small = () => new KeyedVectors(['the', 'café', 'x'], Float32Array.from([0.1, -2.5, 3e-7, 1, 2, 3, -0.333333, 0.5, 1e6]), 3);

describe('vector formats', () => {
  for (const format of ['word2vec', 'word2vec-binary', 'glove'] as const) {
    it(`${format}: round-trips exactly, also when streamed in 1- and 7-byte chunks`, async () => {
      const kv = small();
      const bytes = concat([...encodeVectors(kv, format)]);
      for (const src of [bytes, pieces(bytes, 1), pieces(bytes, 7)]) {
        const back = await readVectors(src, format);
        expect(back.words).toEqual(kv.words);
        // 9 significant digits print float32 exactly.
        expect(Array.from(back.vectors)).toEqual(Array.from(kv.vectors));
      }
      expect((await readVectors(bytes, format, { limit: 2 })).words).toEqual(['the', 'café']);
      if (format !== 'word2vec-binary') expect((await readVectors(bytes, 'text')).words).toEqual(kv.words);
    });
  }

  it('reads CRLF text and a binary file with no newline after records', async () => {
    const kv = await readVectors(enc.encode('2 2\r\na 1 2\r\nb 3 4\r\n'), 'word2vec');
    expect(Array.from(kv.vectors)).toEqual([1, 2, 3, 4]);
    const rec = new Uint8Array(4 + 2 + 8 + 2 + 8);
    rec.set(enc.encode('2 2\n'));
    const dv = new DataView(rec.buffer);
    rec.set(enc.encode('a '), 4);
    dv.setFloat32(6, 1, true);
    dv.setFloat32(10, 2, true);
    rec.set(enc.encode('b '), 14);
    dv.setFloat32(16, 3, true);
    dv.setFloat32(20, 4, true);
    expect(Array.from((await readVectors(rec, 'word2vec-binary')).vectors)).toEqual([1, 2, 3, 4]);
  });

  it('malformed files give FormatErrors naming the source and line/record', async () => {
    const bad = async (text: string | Uint8Array, format: 'word2vec' | 'glove' | 'word2vec-binary') => readVectors(typeof text === 'string' ? enc.encode(text) : text, format, { source: 'vecs.txt' });
    await expect(bad('2 3\na 1 2 3\nb 1 2\n', 'word2vec')).rejects.toThrow(/vecs.txt: line 3: 2 values for "b", expected 3/);
    await expect(bad('a 1 2 3\nb 1 x 3\n', 'glove')).rejects.toThrow(/line 2: value 2 of "b" is "x"/);
    await expect(bad('a 1 2 3\nb 1 NaN 3\n', 'glove')).rejects.toThrow(FormatError);
    await expect(bad('3 2\na 1 2\nb 1 2\n', 'word2vec')).rejects.toThrow(/declares 3 words .* after 2 \(truncated/);
    await expect(bad('two 2\n', 'word2vec')).rejects.toThrow(/line 1: expected the header/);
    await expect(bad('', 'glove')).rejects.toThrow(/empty file/);
    await expect(bad('a 1 2\na 3 4\n', 'glove')).rejects.toThrow(/"a" appears twice/);
    const bin = concat([...encodeVectors(small(), 'word2vec-binary')]);
    await expect(bad(bin.subarray(0, bin.length - 6), 'word2vec-binary')).rejects.toThrow(/record 3 \("x"\): data ends inside its 3 float32 values/);
    await expect(bad(bin.subarray(0, 6), 'word2vec-binary')).rejects.toThrow(/record 1: data ends inside the word/);
    const nan = bin.slice();
    new DataView(nan.buffer).setFloat32(12, Number.NaN, true); // "3 3\n" + "the " → values at 8, 12, 16
    await expect(bad(nan, 'word2vec-binary')).rejects.toThrow(/record 1 \("the"\): value 2 is NaN/);
    expect(() => [...encodeVectors(new KeyedVectors(['a b'], new Float32Array(1), 1), 'glove')]).toThrow(FormatError);
  });

  it('wink JSON: streamed in chunks, filtered, validated', async () => {
    const json = '{"precision":8,"dimensions":2,"words":["a","\\"q\\""],"vectors":{"a":[1,2,2.23,0],"\\"q\\"":[3,4,5,1]},"unkVector":[0,0,-1]}';
    const bytes = enc.encode(json);
    const kv = await readWinkVectors(pieces(bytes, 5));
    expect(kv.words).toEqual(['a', '"q"']);
    expect(Array.from(kv.vectors)).toEqual([1, 2, 3, 4]);
    expect((await readWinkVectors(bytes, { words: new Set(['"q"']) })).words).toEqual(['"q"']);
    await expect(readWinkVectors(enc.encode(json.replace('[3,4,5,1]', '[3,5,1]')))).rejects.toThrow(/entry 2 .* has 3 numbers, expected 4/);
    await expect(readWinkVectors(bytes.subarray(0, 70))).rejects.toThrow(/ends early/);
    await expect(readWinkVectors(enc.encode('{"a":1}'))).rejects.toThrow(/no "vectors"/);
  });
});

// Hand-made 2-d vectors where the analogies are computable by hand.
function toy(): KeyedVectors {
  const rows: Record<string, [number, number]> = { man: [1, 0], woman: [0, 1], king: [2, 0.2], queen: [0.2, 2], apple: [-1, -1], pear: [-1, -0.9] };
  return new KeyedVectors(Object.keys(rows), Float32Array.from(Object.values(rows).flat()), 2);
}

describe('KeyedVectors queries', () => {
  it('similarity is the cosine', () => {
    const kv = toy();
    expect(kv.similarity('man', 'woman')).toBeCloseTo(0, 6);
    expect(kv.similarity('king', 'man')).toBeCloseTo(2 / Math.hypot(2, 0.2), 6);
    expect(() => kv.similarity('man', 'ghost')).toThrow(UnknownTokenError);
  });
  it('3CosAdd and 3CosMul answer king − man + woman with queen (hand-checked scores)', () => {
    const kv = toy();
    const add = kv.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 2 });
    expect(add[0][0]).toBe('queen');
    // q = unit(king) + unit(woman) − unit(man); score = cos(queen, q)
    const k = [2 / Math.hypot(2, 0.2), 0.2 / Math.hypot(2, 0.2)];
    const q = [k[0] - 1, k[1] + 1];
    const qu = [0.2 / Math.hypot(0.2, 2), 2 / Math.hypot(0.2, 2)];
    expect(add[0][1]).toBeCloseTo((qu[0] * q[0] + qu[1] * q[1]) / Math.hypot(...q), 5);
    const mul = kv.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 1, method: '3cosmul' });
    const c = (a: number[], b: number[]) => (1 + (a[0] * b[0] + a[1] * b[1])) / 2;
    expect(mul[0][0]).toBe('queen');
    expect(mul[0][1]).toBeCloseTo((c(qu, k) * c(qu, [0, 1])) / (c(qu, [1, 0]) + 1e-6), 4);
    expect(kv.mostSimilar('apple', { topn: 1 })).toEqual([['pear', expect.closeTo(kv.similarity('apple', 'pear'), 6)]]);
    // Options given beside a positive/negative query apply too (the query's own win).
    expect(kv.mostSimilar({ positive: ['king', 'woman'], negative: ['man'] }, { topn: 1 })).toEqual(add.slice(0, 1));
    expect(kv.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 2 }, { topn: 1 })).toHaveLength(2);
  });
  it('doesntMatch finds the odd one out', () => {
    expect(toy().doesntMatch(['man', 'king', 'apple'])).toBe('apple');
  });
  it('GloVe fixture: king − man + woman = queen, paris − france + germany = berlin, walking − walked + swam = swimming', async () => {
    const glove = await readVectors(readFileSync(new URL('./fixtures/glove-subset.txt', import.meta.url)), 'glove', { source: 'glove-subset.txt' });
    expect(glove.dim).toBe(100);
    const top = (positive: string[], negative: string[]) => glove.mostSimilar({ positive, negative, topn: 1 })[0][0];
    expect(top(['king', 'woman'], ['man'])).toBe('queen');
    expect(top(['paris', 'germany'], ['france'])).toBe('berlin');
    expect(top(['walking', 'swam'], ['walked'])).toBe('swimming');
    expect(glove.doesntMatch(['breakfast', 'lunch', 'dinner', 'car'])).toBe('car');
  });
});

describe('embeddingFromVectors', () => {
  it('aligns rows to a vocabulary, zero pad row, frozen or trainable', async () => {
    const before = memory().numTensors;
    const kv = toy();
    const vocab = Vocabulary.build([['king', 'Queen', 'zebra']]);
    const { layer, found, missing } = embeddingFromVectors(kv, { vocabulary: vocab });
    expect(found).toBe(2);
    expect(missing).toEqual(['zebra']);
    expect(layer.weight.requiresGrad).toBe(false);
    const ids = tensor([vocab.id('king')!, vocab.id('Queen')!, 0], [3], 'int32');
    const out = layer.forward(ids);
    expect(Array.from(await out.data())).toEqual([2, expect.closeTo(0.2, 6), expect.closeTo(0.2, 6), 2, 0, 0]);
    const tuned = embeddingFromVectors(kv, { freeze: false });
    expect(tuned.layer.weight.requiresGrad).toBe(true);
    for (const t of [ids, out]) t.dispose();
    layer.dispose();
    tuned.layer.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
