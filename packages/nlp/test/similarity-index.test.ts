// SimilarityIndex (cosine queries scored by a backend matmul) against
// KeyedVectors' host loop, which accumulates in float64: the same words in the
// same order and scores within float32 rounding, on the reference backend and
// on WASM; the GloVe fixture's analogies; errors; memory returns to where it was.
import { readFileSync } from 'node:fs';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { memory, registerBackend, setBackend, ValueError } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyedVectors, readVectors, SimilarityIndex, UnknownTokenError } from '../src/index.js';

afterAll(async () => {
  await setBackend('reference');
});

/** 400 random words of dim 37 (a seeded LCG, values in [-1, 1): never zeros, never a lattice). */
function random(): KeyedVectors {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  return new KeyedVectors(words, Float32Array.from({ length: 400 * 37 }, next), 37);
}

// float32 dot products of unit vectors of dim 37: the error is a few ulps of 1 (≈ 1e-7 each); 1e-5 leaves room.
const TOL = 1e-5;

function expectSame(got: [string, number][], want: [string, number][]): void {
  expect(got.map(([w]) => w)).toEqual(want.map(([w]) => w));
  got.forEach(([, s], i) => expect(Math.abs(s - want[i][1])).toBeLessThan(TOL));
}

for (const backend of ['reference', 'wasm'] as const) {
  describe(`SimilarityIndex on ${backend}`, () => {
    it('answers as KeyedVectors.mostSimilar: nearest words, 3CosAdd and 3CosMul analogies, restrict, raw vectors', async () => {
      if (backend === 'wasm') registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
      await setBackend(backend);
      const kv = random();
      const before = memory().numTensors;
      const index = new SimilarityIndex(kv);
      expectSame(await index.mostSimilar('w7', { topn: 15 }), kv.mostSimilar('w7', { topn: 15 }));
      const analogy = { positive: ['w1', 'w2'], negative: ['w3'], topn: 10 };
      expectSame(await index.mostSimilar(analogy), kv.mostSimilar(analogy));
      expectSame(await index.mostSimilar({ ...analogy, method: '3cosmul' }), kv.mostSimilar({ ...analogy, method: '3cosmul' }));
      expectSame(await index.mostSimilar({ negative: ['w9'], topn: 5 }), kv.mostSimilar({ negative: ['w9'], topn: 5 }));
      expectSame(await index.mostSimilar('w7', { topn: 5, restrict: 50 }), kv.mostSimilar('w7', { topn: 5, restrict: 50 }));
      const raw = Float32Array.from(kv.get('w11'), (x, j) => x + (j % 3) * 0.1);
      expectSame(await index.mostSimilar({ positive: [raw], topn: 5 }), kv.mostSimilar({ positive: [raw], topn: 5 }));
      // The query word itself is excluded.
      expect((await index.mostSimilar('w7', { topn: 399 })).map(([w]) => w)).not.toContain('w7');
      index.dispose();
      expect(memory().numTensors).toBe(before);
    });
  });
}

describe('SimilarityIndex', () => {
  it('GloVe fixture: king − man + woman = queen, and the nearest words of king match the host loop', async () => {
    const glove = await readVectors(readFileSync(new URL('./fixtures/glove-subset.txt', import.meta.url)), 'glove', { source: 'glove-subset.txt' });
    using index = new SimilarityIndex(glove);
    expect((await index.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 1 }))[0][0]).toBe('queen');
    expectSame(await index.mostSimilar('king', { topn: 10 }), glove.mostSimilar('king', { topn: 10 }));
  });

  it('bad queries throw typed errors naming SimilarityIndex.mostSimilar; a disposed index says so', async () => {
    const before = memory().numTensors;
    const index = new SimilarityIndex(random());
    await expect(index.mostSimilar('ghost')).rejects.toThrow(UnknownTokenError);
    await expect(index.mostSimilar({})).rejects.toThrow(/SimilarityIndex.mostSimilar: needs at least one positive or negative word/);
    await expect(index.mostSimilar('w1', { topn: 0 })).rejects.toThrow(ValueError);
    await expect(index.mostSimilar({ positive: [new Float32Array(3)] })).rejects.toThrow(/a query vector has 3 values, not 37/);
    await expect(index.mostSimilar('w1', { method: 'cos' as never })).rejects.toThrow(/'method' must be/);
    expect(memory().numTensors).toBe(before + 1);
    index.dispose();
    await expect(index.mostSimilar('w1')).rejects.toThrow(/the index was disposed/);
    expect(memory().numTensors).toBe(before);
  });
});
