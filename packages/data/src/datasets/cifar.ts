import { FormatError } from '@dendrite/core';
import { type CifarArrays, parseCifar10, parseCifar100 } from '../formats/cifar.js';
import { readBytes } from '../formats/read-file.js';
import { ImageArrayDataset } from './image-array-dataset.js';

/** Train and test datasets of 32x32 RGB images. */
export interface CifarDatasets {
  /** The 50,000 training images. */
  train: ImageArrayDataset;
  /** The 10,000 test images. */
  test: ImageArrayDataset;
}

/** Class names of CIFAR-10, in label order. */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function join(parts: CifarArrays[]): CifarArrays {
  const count = parts.reduce((a, p) => a + p.count, 0);
  const images = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * 3072);
    labels.set(p.labels, at);
    at += p.count;
  }
  return { images, labels, count };
}

/** The class names file, or undefined when absent; its names must match the label range exactly. */
async function readNames(dir: string, file: string, expected: number): Promise<string[] | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(`${dir}/${file}`);
  } catch (err) {
    if (err instanceof FormatError) return undefined;
    throw err;
  }
  const names = new TextDecoder().decode(bytes).split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length !== expected) {
    throw new FormatError(`${dir}/${file}: has ${names.length} class names, but the labels are 0..${expected - 1} (${expected} classes)`);
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new FormatError(`${dir}/${file}: class name '${dup}' appears twice`);
  return names;
}

/**
 * CIFAR-10 from the directory of its binary version (`data_batch_1.bin` ...
 * `data_batch_5.bin`, `test_batch.bin`). Every file is validated before
 * anything is returned. Batches are `{ x: [B, 3, 32, 32], y: [B] }`. Node only.
 *
 * @example
 * ```ts
 * const { train, test } = await cifar10('./cifar-10-batches-bin', { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.243, 0.261] });
 * ```
 */
export async function cifar10(dir: string, norm: { mean?: number[]; std?: number[] } = {}): Promise<CifarDatasets> {
  const trainFiles = [1, 2, 3, 4, 5].map((i) => `${dir}/data_batch_${i}.bin`);
  const parse = async (f: string) => parseCifar10(await readBytes(f), f);
  const train = join(await Promise.all(trainFiles.map(parse)));
  const test = await parse(`${dir}/test_batch.bin`);
  const classes = (await readNames(dir, 'batches.meta.txt', 10)) ?? CIFAR10_CLASSES;
  return {
    train: new ImageArrayDataset(train.images, train.labels, [3, 32, 32], { ...norm, classes }),
    test: new ImageArrayDataset(test.images, test.labels, [3, 32, 32], { ...norm, classes }),
  };
}

/**
 * CIFAR-100 from the directory of its binary version (`train.bin`,
 * `test.bin`); labels are the 100 fine classes (`coarse: true` for the 20
 * super-classes). Node only.
 *
 * @example
 * ```ts
 * const { train } = await cifar100('./cifar-100-binary');
 * ```
 */
export async function cifar100(dir: string, options: { coarse?: boolean; mean?: number[]; std?: number[] } = {}): Promise<CifarDatasets> {
  const load = async (name: string) => {
    const f = `${dir}/${name}`;
    const c = parseCifar100(await readBytes(f), f);
    const labels = options.coarse ? (c.coarseLabels as Uint8Array) : c.labels;
    const classes = await readNames(dir, options.coarse ? 'coarse_label_names.txt' : 'fine_label_names.txt', options.coarse ? 20 : 100);
    return new ImageArrayDataset(c.images, labels, [3, 32, 32], { mean: options.mean, std: options.std, classes });
  };
  return { train: await load('train.bin'), test: await load('test.bin') };
}
