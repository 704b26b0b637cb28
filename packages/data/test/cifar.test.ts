import { dispose, FormatError } from '@dendrite/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cifar10, cifar100 } from '../src/datasets/cifar.js';

/** Writes CIFAR-10 records: label byte then 3072 pixels whose value encodes (record, channel). */
function cifar10Batch(labels: number[], seed: number): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => {
    out[i * 3073] = l;
    for (let p = 0; p < 3072; p++) out[i * 3073 + 1 + p] = (seed * 31 + i * 7 + (p >> 10) * 50 + p) % 256;
  });
  return out;
}

describe('CIFAR directory loaders (files written by the test)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-cifar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cifar10 joins the five training batches and reads class names', async () => {
    for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), cifar10Batch([b, 9 - b], b));
    writeFileSync(join(dir, 'test_batch.bin'), cifar10Batch([3], 0));
    writeFileSync(join(dir, 'batches.meta.txt'), 'plane\ncar\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
    const { train, test } = await cifar10(dir);
    expect([train.length, test.length]).toEqual([10, 1]);
    expect(Array.from(train.labels)).toEqual([1, 8, 2, 7, 3, 6, 4, 5, 5, 4]);
    expect(train.classes?.[1]).toBe('car');
    const { x, y } = train.getBatch(Int32Array.of(2));
    expect(x.shape).toEqual([1, 3, 32, 32]);
    const px = await x.data();
    // Record 2 is the first of data_batch_2: green plane (p = 1024) value (2*31 + 0 + 50 + 1024) % 256.
    expect(px[1024]).toBeCloseTo(((62 + 50 + 1024) % 256) / 255, 6);
    expect(Array.from(await y.data())).toEqual([2]);
    dispose([x, y]);
  });

  it('a truncated batch fails the whole load with FormatError', async () => {
    writeFileSync(join(dir, 'data_batch_3.bin'), cifar10Batch([1, 2], 3).subarray(0, 3073 + 100));
    await expect(cifar10(dir)).rejects.toThrow(FormatError);
    await expect(cifar10(dir)).rejects.toThrow(/data_batch_3\.bin: CIFAR-10 binary batch .* 100 bytes left over/);
  });

  it('cifar100 reads fine or coarse labels', async () => {
    const rec = (coarse: number, fine: number) => {
      const r = new Uint8Array(3074);
      r[0] = coarse;
      r[1] = fine;
      return r;
    };
    const train = new Uint8Array([...rec(4, 40), ...rec(19, 99)]);
    writeFileSync(join(dir, 'train.bin'), train);
    writeFileSync(join(dir, 'test.bin'), rec(0, 1));
    expect(Array.from((await cifar100(dir)).train.labels)).toEqual([40, 99]);
    expect(Array.from((await cifar100(dir, { coarse: true })).train.labels)).toEqual([4, 19]);
  });
});
