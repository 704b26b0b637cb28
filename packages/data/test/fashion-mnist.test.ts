import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, fashionMnist } from '../src/datasets/mnist.js';
import { DEBIAN_FASHION_MNIST_DIR } from '../src/formats/mnist-load.js';

const installed = existsSync(DEBIAN_FASHION_MNIST_DIR);
if (!installed) console.log(`fashion-mnist test skipped: ${DEBIAN_FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);

describe('Fashion-MNIST from Debian (gzipped IDX)', () => {
  it.skipIf(!installed)('loads 60,000 / 10,000 balanced images of 28x28 in 10 classes', async () => {
    const { train, test } = await fashionMnist();
    expect([train.length, test.length]).toEqual([60000, 10000]);
    expect(train.sampleShape).toEqual([1, 28, 28]);
    expect(train.classes).toEqual(FASHION_MNIST_CLASSES);
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
    const count = (labels: Uint8Array) => {
      const c = new Array<number>(10).fill(0);
      for (const l of labels) c[l]++;
      return c;
    };
    expect(count(train.labels)).toEqual(new Array(10).fill(6000));
    expect(count(test.labels)).toEqual(new Array(10).fill(1000));
  });
});
