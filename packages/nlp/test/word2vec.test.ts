// word2vec: the loss and its gradient, the two engines' agreement, sampling,
// and recovery of planted co-occurrence.
import { createWasmBackend } from '@dendrite/backend-wasm';
import { findBackend, memory, randn, registerBackend, seed, setBackend, tensor, ValueError } from '@dendrite/core';
import { gradcheck } from '@dendrite/core/testing';
import { describe, expect, it } from 'vitest';
import { HostRng, keepProbabilities, negativeSamplingLoss, trainWord2Vec, UnigramTable } from '../src/index.js';

describe('negative-sampling loss', () => {
  it('equals the float64 formula Σ w·(−log σ(h·u⁺) − Σ log σ(−h·u⁻))', async () => {
    seed(11);
    const [B, T, D] = [3, 4, 5];
    const h = randn([B, D]);
    const u = randn([B, T, D]);
    const labels = tensor(Float32Array.from({ length: B * T }, (_, i) => (i % T === 0 ? 1 : 0)), [B, T]);
    const w = tensor([0.5, 1, 2], [B, 1]);
    const lossT = negativeSamplingLoss(h, u, labels, w);
    const got = (await lossT.data())[0];
    const hv = await h.data();
    const uv = await u.data();
    let want = 0;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += hv[b * D + d] * uv[(b * T + t) * D + d];
        const term = t === 0 ? Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
        want += [0.5, 1, 2][b] * term;
      }
    }
    for (const t of [h, u, labels, w, lossT]) t.dispose();
    // float32 dot products of 5 terms and a float32 sum of 12: relative error well below 1e-5.
    expect(Math.abs(got - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
  });

  it('its gradient matches central finite differences (reference backend)', () => {
    seed(12);
    const [B, T, D] = [4, 3, 6];
    const h = randn([B, D], { std: 0.5 });
    const u = randn([B, T, D], { std: 0.5 });
    const labels = tensor(Float32Array.from({ length: B * T }, (_, i) => (i % T === 0 ? 1 : 0)), [B, T]);
    const w = tensor([0.3, 1, 0.7, 2], [B, 1]);
    // gradcheck's defaults (eps 1e-3, atol 1e-3, rtol 1e-2) suit float32 evaluation of a smooth loss.
    const r = gradcheck((hh, uu) => negativeSamplingLoss(hh, uu, labels, w), [h, u]);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(40);
    for (const t of [h, u, labels, w]) t.dispose();
  });
});

describe('sampling', () => {
  it('the unigram table follows count^0.75', () => {
    const counts = [1000, 100, 10, 1];
    const table = new UnigramTable(counts);
    const z = counts.reduce((s, c) => s + c ** 0.75, 0);
    counts.forEach((c, i) => expect(table.probability(i)).toBeCloseTo(c ** 0.75 / z, 12));
    const rng = new HostRng(3);
    const hits = [0, 0, 0, 0];
    const n = 200_000;
    for (let i = 0; i < n; i++) hits[table.sample(rng)]++;
    // Binomial std of a frequency p is sqrt(p(1-p)/n) <= 0.0012; allow 5 std.
    counts.forEach((c, i) => expect(Math.abs(hits[i] / n - c ** 0.75 / z)).toBeLessThan(0.006));
  });

  it('subsampling keeps rare words and drops frequent ones (gensim formula)', () => {
    const counts = [100_000, 10, 1];
    const keep = keepProbabilities(counts, 1e-3);
    const t = 1e-3 * 100_011;
    expect(keep[0]).toBeCloseTo((Math.sqrt(100_000 / t) + 1) * (t / 100_000), 12);
    expect(keep[1]).toBe(1);
    expect(keep[2]).toBe(1);
    expect(Array.from(keepProbabilities(counts, 0))).toEqual([1, 1, 1]);
  });
});

// A corpus with planted structure: words of group A only co-occur with A, B with B.
function plantedCorpus(sentences: number, seedValue: number): string[][] {
  const rng = new HostRng(seedValue);
  const groups = [
    ['a0', 'a1', 'a2', 'a3', 'a4'],
    ['b0', 'b1', 'b2', 'b3', 'b4'],
    ['c0', 'c1', 'c2', 'c3', 'c4'],
  ];
  return Array.from({ length: sentences }, () => {
    const g = groups[rng.next() % 3];
    return Array.from({ length: 8 }, () => g[rng.next() % 5]);
  });
}

describe('trainWord2Vec', () => {
  it('the host and tensor engines agree at batch size 1 (same examples, same updates)', async () => {
    const corpus = plantedCorpus(30, 1);
    for (const mode of ['skipgram', 'cbow'] as const) {
      const opts = { mode, dim: 8, window: 2, negative: 3, minCount: 1, epochs: 2, seed: 4, alpha: 0.05 };
      const before = memory().numTensors;
      const host = await trainWord2Vec(corpus, { ...opts, engine: 'host', computeLoss: true });
      const tens = await trainWord2Vec(corpus, { ...opts, engine: 'tensor', batchSize: 1, computeLoss: true });
      // ≤: tensors earlier tests dropped may be collected meanwhile; a per-step leak would add ~1,000.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
      expect(tens.vectors.words).toEqual(host.vectors.words);
      let maxDiff = 0;
      for (let i = 0; i < host.vectors.vectors.length; i++) maxDiff = Math.max(maxDiff, Math.abs(host.vectors.vectors[i] - tens.vectors.vectors[i]));
      // Both run float32 arithmetic in a different order over ~1k sequential updates; 1e-4 absolute
      // on values of size ~0.5 allows the accumulated rounding, and a wrong update rule misses by far more.
      expect(maxDiff).toBeLessThan(1e-4);
      host.epochLoss.forEach((l, i) => expect(tens.epochLoss[i]).toBeCloseTo(l, 3));
    }
  });

  it('on the WASM backend the tensor engine agrees with the host engine too', async () => {
    registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
    await findBackend('wasm');
    await setBackend('wasm');
    try {
      const corpus = plantedCorpus(30, 5);
      const opts = { mode: 'cbow' as const, dim: 8, window: 2, negative: 3, minCount: 1, epochs: 2, seed: 2, alpha: 0.05 };
      const host = await trainWord2Vec(corpus, { ...opts, engine: 'host' });
      const tens = await trainWord2Vec(corpus, { ...opts, engine: 'tensor', batchSize: 1 });
      let maxDiff = 0;
      for (let i = 0; i < host.vectors.vectors.length; i++) maxDiff = Math.max(maxDiff, Math.abs(host.vectors.vectors[i] - tens.vectors.vectors[i]));
      expect(maxDiff).toBeLessThan(1e-4);
    } finally {
      await setBackend('reference');
    }
  });

  it('the wasm engine (SIMD kernel) agrees with the host engine on 1 thread', async () => {
    const corpus = plantedCorpus(60, 6);
    for (const mode of ['skipgram', 'cbow'] as const) {
      const opts = { mode, dim: 10, window: 3, negative: 4, minCount: 1, epochs: 3, seed: 5, alpha: 0.05 };
      const host = await trainWord2Vec(corpus, { ...opts, engine: 'host' });
      const wasm = await trainWord2Vec(corpus, { ...opts, engine: 'wasm', threads: 1 });
      expect(wasm.engine).toBe('wasm');
      let maxDiff = 0;
      for (let i = 0; i < host.vectors.vectors.length; i++) maxDiff = Math.max(maxDiff, Math.abs(host.vectors.vectors[i] - wasm.vectors.vectors[i]));
      // Same updates; the SIMD dot sums 4 lanes then adds them (a different float32 order) and the
      // kernel's own exp differs from Math.exp by < 1e-13 relative: rounding-level drift only.
      expect(maxDiff).toBeLessThan(1e-4);
    }
  });

  it('the wasm engine on 2 worker threads learns the planted groups', async () => {
    const r = await trainWord2Vec(plantedCorpus(400, 3), { dim: 16, window: 3, negative: 5, minCount: 1, epochs: 10, sample: 0, seed: 1, engine: 'wasm', threads: 2 });
    expect(r.threads).toBe(2);
    for (const g of ['a', 'b', 'c']) expect(r.vectors.mostSimilar(`${g}0`, { topn: 4 }).every(([w]) => w.startsWith(g))).toBe(true);
  });

  it('the tensor engine with big batches also learns (loss falls)', async () => {
    const r = await trainWord2Vec(plantedCorpus(200, 2), { dim: 8, window: 2, negative: 3, minCount: 1, epochs: 4, engine: 'tensor', batchSize: 64, computeLoss: true, alpha: 0.05 });
    expect(r.epochLoss[3]).toBeLessThan(r.epochLoss[0]);
  });

  for (const mode of ['skipgram', 'cbow'] as const) {
    it(`${mode} recovers planted co-occurrence groups`, async () => {
      const { vectors } = await trainWord2Vec(plantedCorpus(400, 3), { mode, dim: 16, window: 3, negative: 5, minCount: 1, epochs: 10, sample: 0, seed: 1 });
      for (const g of ['a', 'b', 'c']) {
        const neighbours = vectors.mostSimilar(`${g}0`, { topn: 4 }).map(([w]) => w);
        expect(neighbours.every((w) => w.startsWith(g))).toBe(true);
      }
      expect(vectors.similarity('a0', 'a1')).toBeGreaterThan(vectors.similarity('a0', 'b1') + 0.3);
    });
  }

  it('is reproducible for a seed, and reports progress', async () => {
    const seen: number[] = [];
    const a = await trainWord2Vec(plantedCorpus(50, 4), { dim: 4, minCount: 1, epochs: 2, seed: 9, onProgress: (p) => seen.push(p.epoch) });
    const b = await trainWord2Vec(plantedCorpus(50, 4), { dim: 4, minCount: 1, epochs: 2, seed: 9 });
    expect(Array.from(a.vectors.vectors)).toEqual(Array.from(b.vectors.vectors));
    expect(seen).toEqual([1, 2]);
    expect(a.words).toBe(2 * 50 * 8);
  });

  it('rejects empty corpora and bad options', async () => {
    await expect(trainWord2Vec([])).rejects.toThrow(ValueError);
    await expect(trainWord2Vec([['a', 'b']], { minCount: 5 })).rejects.toThrow(/minCount=5/);
    await expect(trainWord2Vec([['a', 'b']], { dim: 0 })).rejects.toThrow(/'dim'/);
    await expect(trainWord2Vec([['a', 'b']], { mode: 'glove' as never })).rejects.toThrow(/'mode'/);
  });
});
