import { dispose, Generator, memory, ShapeError, type Tensor, tensor, ValueError } from '@dendrite/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { concatDatasets, filterDataset, mapDataset, subset } from '../src/datasets/dataset-ops.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { ImageArrayDataset } from '../src/datasets/image-array-dataset.js';
import { imageFolder } from '../src/datasets/image-folder.js';
import { randomSplit } from '../src/datasets/random-split.js';
import { TensorDataset } from '../src/datasets/tensor-dataset.js';
import { defaultCollate } from '../src/loader/collate.js';

const range = (n: number): Dataset<number> => ({ length: n, get: (i) => i });

describe('dataset combinators', () => {
  it('map, filter, subset and concat', async () => {
    const sq = mapDataset(range(5), (x) => x * x);
    expect(await sq.get(3)).toBe(9);
    const even = await filterDataset(range(10), (x) => x % 2 === 0);
    expect(even.length).toBe(5);
    expect(await even.get(4)).toBe(8);
    const sub = subset(range(10), [7, 2]);
    expect([sub.length, await sub.get(0), await sub.get(1)]).toEqual([2, 7, 2]);
    const cat = concatDatasets(range(3), mapDataset(range(2), (x) => 100 + x));
    expect(await Promise.all(Array.from({ length: 5 }, (_, i) => cat.get(i)))).toEqual([0, 1, 2, 100, 101]);
    expect(() => cat.get(5)).toThrow(ValueError);
    expect(() => subset(range(3), [3])).toThrow(/index 3 is out of range for a dataset of length 3/);
  });

  it('randomSplit is a seeded partition', async () => {
    const [a, b, c] = randomSplit(range(100), [0.5, 0.3, 0.2], 7);
    expect([a.length, b.length, c.length]).toEqual([50, 30, 20]);
    const all = [];
    for (const part of [a, b, c]) for (let i = 0; i < part.length; i++) all.push(await part.get(i));
    expect(all.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(all).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const [a2] = randomSplit(range(100), [50, 30, 20], 7);
    expect(await a2.get(0)).toBe(await a.get(0));
    const [a3] = randomSplit(range(100), [50, 50], new Generator(8));
    expect([await a3.get(0), await a3.get(1)]).not.toEqual([await a.get(0), await a.get(1)]);
    expect(() => randomSplit(range(10), [3, 3])).toThrow(/must sum to the dataset length 10/);
  });
});

describe('TensorDataset and collate', () => {
  it('gets rows and batches without leaking', async () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const y = tensor([0, 1, 2], undefined, 'int32');
    const before = memory().numTensors;
    const ds = new TensorDataset(x, y);
    const [x1, y1] = ds.get(1);
    expect(await x1.array()).toEqual([3, 4]);
    expect(y1.item()).toBe(1);
    const [bx, by] = ds.getBatch(Int32Array.of(2, 0));
    expect(await bx.array()).toEqual([[5, 6], [1, 2]]);
    expect(Array.from(await by.data())).toEqual([2, 0]);
    dispose([x1, y1, bx, by]);
    expect(memory().numTensors).toBe(before);
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(ShapeError);
    dispose([x, y]);
  });

  it('mapDataset and concatDatasets take datasets with a getBatch fast path (no cast)', async () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const y = tensor([0, 1, 2], undefined, 'int32');
    const before = memory().numTensors;
    const ds = new TensorDataset(x, y);
    // A type error here (Dataset<Tensor[], Tensor[]> not assignable) is what this test guards against: tsc checks test/.
    const labels = mapDataset(ds, ([xi, yi]) => {
      const v = yi.item();
      dispose([xi, yi]);
      return v * 10;
    });
    const picked = mapDataset(subset(ds, [2, 0]), ([xi, yi]) => {
      const v = xi.dataSync()[0];
      dispose([xi, yi]);
      return v;
    });
    const both = concatDatasets(labels, picked);
    expect(await Promise.all(Array.from({ length: both.length }, (_, i) => both.get(i)))).toEqual([0, 10, 20, 5, 1]);
    expect('getBatch' in labels).toBe(false);
    expect(memory().numTensors).toBe(before);
    dispose([x, y]);
  });

  it('collates numbers, host arrays, tensors, nested objects and strings', async () => {
    const before = memory().numTensors;
    const items = [0, 1, 2].map((i) => ({
      x: { data: new Float32Array([i, i + 0.5]), shape: [1, 2] },
      y: i,
      w: i + 0.25,
      meta: { name: `s${i}`, flag: i > 0 },
    }));
    const b = defaultCollate<{ x: Tensor; y: Tensor; w: Tensor; meta: { name: string[]; flag: Tensor } }>(items);
    expect(b.x.shape).toEqual([3, 1, 2]);
    expect(Array.from(await b.x.data())).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect([b.y.dtype, b.w.dtype, b.meta.flag.dtype]).toEqual(['int32', 'float32', 'bool']);
    expect(b.meta.name).toEqual(['s0', 's1', 's2']);
    dispose([b.x, b.y, b.w, b.meta.flag]);
    const rows = [tensor([1, 2]), tensor([3, 4])];
    const t = defaultCollate<Tensor>(rows);
    expect(await t.array()).toEqual([[1, 2], [3, 4]]);
    dispose([t, ...rows]);
    expect(memory().numTensors).toBe(before);
  });

  it('rejects samples of different shapes without leaking the fields already batched', () => {
    const before = memory().numTensors;
    const items = [
      { y: 1, x: { data: new Float32Array(4), shape: [2, 2] } },
      { y: 2, x: { data: new Float32Array(6), shape: [2, 3] } },
    ];
    expect(() => defaultCollate(items)).toThrow(/\.x item 1 has shape \[2, 3\] .* item 0 has \[2, 2\]/);
    expect(memory().numTensors).toBe(before);
  });
});

describe('ImageArrayDataset', () => {
  it('scales bytes to [0, 1] and normalizes per channel', async () => {
    const images = Uint8Array.from({ length: 2 * 2 * 2 * 2 }, (_, i) => i * 16);
    const ds = new ImageArrayDataset(images, Uint8Array.of(3, 9), [2, 2, 2], { mean: [0.5, 0.25], std: [0.5, 2] });
    const s = ds.get(1);
    // Float64 reference of (v/255 - mean)/std; float32 rounding keeps within 1e-6.
    const ref = Array.from(images.subarray(8), (v, k) => (v / 255 - [0.5, 0.25][k >> 2]) / [0.5, 2][k >> 2]);
    Array.from(s.x.data).forEach((v, k) => expect(v).toBeCloseTo(ref[k], 6));
    const b = ds.getBatch(Int32Array.of(1, 0));
    expect(b.x.shape).toEqual([2, 2, 2, 2]);
    expect(Array.from(await b.y.data())).toEqual([9, 3]);
    expect(Array.from((await b.x.data()).subarray(0, 8))).toEqual(Array.from(s.x.data));
    dispose([b.x, b.y]);
  });
});

describe('imageFolder', () => {
  const root = mkdtempSync(join(tmpdir(), 'dendrite-folder-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads one sub-folder per class and decodes PNGs to CHW floats', async () => {
    for (const [cls, value] of [['cat', 10], ['dog', 200]] as const) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(root, cls));
      const png = new pngjs.PNG({ width: 4, height: 2 });
      for (let p = 0; p < 8; p++) png.data.set([value, p * 20, 255 - value, 255], 4 * p);
      writeFileSync(join(root, cls, 'a.png'), pngjs.PNG.sync.write(png));
      writeFileSync(join(root, cls, 'notes.txt'), 'ignored');
    }
    const ds = await imageFolder(root);
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.length).toBe(2);
    const s = await ds.get(1);
    expect(s.y).toBe(1);
    expect(s.x.shape).toEqual([3, 2, 4]);
    expect(s.x.data[0]).toBeCloseTo(200 / 255, 6);
    expect(s.x.data[8 + 3]).toBeCloseTo(60 / 255, 6);
    const small = await imageFolder(root, { size: [1, 2], channels: 1 });
    expect((await small.get(0)).x.shape).toEqual([1, 1, 2]);
    writeFileSync(join(root, 'cat', 'bad.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1]));
    const withBad = await imageFolder(root);
    await expect(withBad.get(1)).rejects.toThrow(/bad\.png: corrupt PNG/);
    await expect(imageFolder(join(root, 'missing'))).rejects.toThrow(/cannot read the image folder/);
  });
});
