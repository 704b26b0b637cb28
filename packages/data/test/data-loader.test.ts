import { dispose, memory, type Tensor } from '@dendrite/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/datasets/dataset.js';
import { ImageArrayDataset } from '../src/datasets/image-array-dataset.js';
import { DataLoader } from '../src/loader/data-loader.js';

type Batch = { x: Tensor; y: Tensor };
const numbers = (n: number): Dataset<{ x: number; y: number }> => ({ length: n, get: (i) => ({ x: i, y: i % 3 }) });

async function epochOrder(loader: DataLoader<{ x: number; y: number }, Batch>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) {
    out.push(Array.from(await b.x.data()));
    dispose([b.x, b.y]);
  }
  return out;
}

describe('DataLoader', () => {
  it('batches in order, with a smaller last batch or dropLast', async () => {
    const before = memory().numTensors;
    const plain = new DataLoader<{ x: number; y: number }, Batch>(numbers(7), { batchSize: 3 });
    expect(plain.length).toBe(3);
    expect(await epochOrder(plain)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const drop = new DataLoader<{ x: number; y: number }, Batch>(numbers(7), { batchSize: 3, dropLast: true });
    expect(drop.length).toBe(2);
    expect(await epochOrder(drop)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(memory().numTensors).toBe(before);
  });

  it('shuffles reproducibly, with a new order each epoch', async () => {
    const make = () => new DataLoader<{ x: number; y: number }, Batch>(numbers(20), { batchSize: 5, shuffle: true, seed: 3 });
    const a = make();
    const e1 = await epochOrder(a);
    const e2 = await epochOrder(a);
    expect(e1.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(e1).not.toEqual(e2);
    expect(e1.flat()).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    const b = make();
    expect(await epochOrder(b)).toEqual(e1);
    expect(await epochOrder(b)).toEqual(e2);
  });

  it('uses the getBatch fast path and a custom collate', async () => {
    const ds = new ImageArrayDataset(Uint8Array.from({ length: 5 * 4 }, (_, i) => i), Uint8Array.of(0, 1, 2, 3, 4), [1, 2, 2]);
    const shapes: number[][] = [];
    for await (const { x, y } of new DataLoader(ds, { batchSize: 2 })) {
      shapes.push(x.shape.slice());
      dispose([x, y]);
    }
    expect(shapes).toEqual([[2, 1, 2, 2], [2, 1, 2, 2], [1, 1, 2, 2]]);
    const sums: number[] = [];
    for await (const s of new DataLoader(numbers(4), { batchSize: 2, collate: (items) => items.reduce((a, it) => a + it.x, 0) })) sums.push(s);
    expect(sums).toEqual([1, 5]);
  });

  it('disposes prefetched batches when the loop breaks early', async () => {
    const before = memory().numTensors;
    const loader = new DataLoader<{ x: number; y: number }, Batch>(numbers(100), { batchSize: 2, prefetch: 4 });
    for await (const b of loader) {
      dispose([b.x, b.y]);
      break;
    }
    expect(memory().numTensors).toBe(before);
  });

  it('prefetches the next batch while the consumer works', async () => {
    const started: number[] = [];
    const ds: Dataset<number> = { length: 6, get: (i) => { started.push(i); return i; } };
    const loader = new DataLoader(ds, { batchSize: 2, prefetch: 1, collate: (xs) => xs });
    const seenAtYield: number[] = [];
    for await (const _ of loader) {
      await new Promise((r) => setTimeout(r, 5)); // "training"
      seenAtYield.push(started.length);
    }
    // While batch k is being trained on, batch k+1 has been built already.
    expect(seenAtYield).toEqual([4, 6, 6]);
  });

  it('batches iterable datasets', async () => {
    async function* stream() { for (let i = 0; i < 5; i++) yield { x: i, y: 0 }; }
    const out = await epochOrder(new DataLoader<{ x: number; y: number }, Batch>(stream(), { batchSize: 2 }));
    expect(out).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => new DataLoader(stream(), { shuffle: true })).toThrow(/shuffle needs a map-style dataset/);
  });

  it('rejects bad options', () => {
    expect(() => new DataLoader(numbers(3), { batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader(42 as never)).toThrow(/map-style Dataset/);
  });

  describe('worker threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dendrite-workers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fetches samples in workers and matches the main-thread batches', async () => {
      const module = join(dir, 'squares.mjs');
      writeFileSync(module, `
        import { threadId } from 'node:worker_threads';
        export function createDataset(n) {
          return { length: n, get: (i) => ({ x: { data: new Float32Array([i, i * i]), shape: [2] }, y: i, tid: threadId }) };
        }
        export function broken() { throw new Error('no dataset today'); }
      `);
      const { createDataset } = await import(module);
      const main = new DataLoader<unknown, { x: Tensor; y: Tensor; tid: Tensor }>(createDataset(10), { batchSize: 3, shuffle: true, seed: 5 });
      const workers = new DataLoader<unknown, { x: Tensor; y: Tensor; tid: Tensor }>(createDataset(10), {
        batchSize: 3, shuffle: true, seed: 5, workers: { count: 2, module, args: [10] },
      });
      const collect = async (l: typeof main) => {
        const xs: number[][] = [];
        const tids = new Set<number>();
        for await (const b of l) {
          xs.push(Array.from(await b.x.data()));
          for (const t of await b.tid.data()) tids.add(t);
          dispose([b.x, b.y, b.tid]);
        }
        return { xs, tids };
      };
      const m = await collect(main);
      const w = await collect(workers);
      await workers.close();
      expect(w.xs).toEqual(m.xs);
      expect(m.tids).toEqual(new Set([0]));
      expect(w.tids.size).toBe(2); // both workers served batches
      expect(w.tids.has(0)).toBe(false);

      const bad = new DataLoader(createDataset(4), { batchSize: 2, workers: { count: 1, module, exportName: 'broken' } });
      await expect(async () => { for await (const _ of bad) { /* never reached */ } }).rejects.toThrow(/no dataset today/);
    });
  });
});
