// A tiny MNIST-format dataset (IDX files) written to a folder, so CLI tests
// that start several training runs load in milliseconds instead of parsing
// all 70,000 real images each time. Pixels and labels come from a seeded
// stream: the tests compare bytes, not accuracy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function idx(dims: number[], values: (i: number) => number): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * dims.length + n);
  const v = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < n; i++) out[4 + 4 * dims.length + i] = values(i);
  return out;
}

/** Writes train (n) and test (n / 4) splits of 28x28 images into `dir`; returns `dir`. */
export function writeTinyMnist(dir: string, n = 64): string {
  mkdirSync(dir, { recursive: true });
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  };
  const write = (images: string, labels: string, count: number) => {
    writeFileSync(join(dir, images), idx([count, 28, 28], () => next()));
    writeFileSync(join(dir, labels), idx([count], () => next() % 10));
  };
  write('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', n);
  write('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', Math.max(4, n >> 2));
  return dir;
}
