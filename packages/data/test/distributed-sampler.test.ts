// DistributedSampler against PyTorch's semantics: equal shard lengths,
// disjoint shards that cover the dataset (padding repeats the order's
// first samples; dropLast trims), the same seeded order on every rank, a new
// one per epoch; and a DataLoader that follows it.
import { describe, expect, it } from 'vitest';
import { DataLoader, DistributedSampler } from '../src/index.js';

const shards = (n: number, replicas: number, opts: { dropLast?: boolean; shuffle?: boolean; seed?: number } = {}, epoch = 0) =>
  Array.from({ length: replicas }, (_, rank) => {
    const s = new DistributedSampler(n, { numReplicas: replicas, rank, ...opts });
    s.setEpoch(epoch);
    return Array.from(s.indices());
  });

describe('DistributedSampler', () => {
  for (const [n, replicas] of [[10, 2], [10, 3], [7, 4], [3, 5], [100, 3]] as const) {
    it(`${n} samples on ${replicas} ranks: equal lengths, disjoint when divisible, covering with padding`, () => {
      const parts = shards(n, replicas, { seed: 3 });
      const len = Math.ceil(n / replicas);
      for (const p of parts) expect(p).toHaveLength(len);
      const all = parts.flat();
      expect(new Set(all)).toEqual(new Set(Array.from({ length: n }, (_, i) => i))); // covers
      // Exactly (len · replicas − n) repeats, all of them padding.
      expect(all.length - new Set(all).size).toBe(len * replicas - n);
      // dropLast: disjoint, the same length everywhere, only the tail dropped.
      const dropped = shards(n, replicas, { seed: 3, dropLast: true });
      const dl = n % replicas ? Math.max(0, Math.ceil((n - replicas) / replicas)) : n / replicas;
      for (const p of dropped) expect(p).toHaveLength(dl);
      expect(new Set(dropped.flat()).size).toBe(dl * replicas);
    });
  }

  it('matches PyTorch without shuffle: rank r takes r, r + R, ...; padding repeats from the start', () => {
    expect(shards(10, 3, { shuffle: false })).toEqual([[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]);
    expect(shards(10, 3, { shuffle: false, dropLast: true })).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
    expect(shards(2, 3, { shuffle: false })).toEqual([[0], [1], [0]]);
  });

  it('reshuffles per epoch from seed + epoch, identically on every rank', () => {
    const e0 = shards(50, 2, { seed: 9 }, 0);
    const e1 = shards(50, 2, { seed: 9 }, 1);
    expect(e0).not.toEqual(e1);
    expect(shards(50, 2, { seed: 9 }, 1)).toEqual(e1);
    expect(shards(50, 2, { seed: 10 }, 0)).toEqual(e1); // seed + epoch
    expect(new Set([...e1[0], ...e1[1]]).size).toBe(50);
  });

  it('rejects bad arguments with the value', () => {
    expect(() => new DistributedSampler(10, { numReplicas: 2, rank: 2 })).toThrow('rank must be in [0, 1], got 2');
    expect(() => new DistributedSampler(10, { numReplicas: 0, rank: 0 })).toThrow('numReplicas must be a positive integer, got 0');
    expect(() => new DistributedSampler(-1, { numReplicas: 1, rank: 0 })).toThrow('datasetLength');
    expect(() => new DistributedSampler(4, { numReplicas: 1, rank: 0 }).setEpoch(-1)).toThrow('epoch must be a non-negative integer, got -1');
  });

  it('drives a DataLoader: its batches hold exactly the shard', async () => {
    const ds = { length: 11, get: (i: number) => i };
    const sampler = new DistributedSampler(11, { numReplicas: 2, rank: 1, seed: 4 });
    const loader = new DataLoader(ds, { batchSize: 4, sampler, collate: (items: number[]) => items });
    expect(loader.length).toBe(2);
    const seen: number[] = [];
    for await (const b of loader) seen.push(...b);
    expect(seen).toEqual(Array.from(sampler.indices()));
    expect(() => new DataLoader(ds, { sampler, shuffle: true })).toThrow('excludes shuffle');
  });
});
