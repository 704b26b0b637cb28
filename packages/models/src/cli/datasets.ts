// Datasets the CLI trains and evaluates on.
import { DataLoader, type Dataset, FASHION_MNIST_CLASSES, fashionMnist, type ImageArrayDataset, mnist } from '@dendrite/data';
import { MNIST_PREPROCESSING, type Preprocessing } from '../zoo/preprocessing.js';
import { UsageError } from './args.js';

export const DATASET_CHOICES = ['mnist', 'fashion-mnist'] as const;
export type DatasetChoice = (typeof DATASET_CHOICES)[number];

/** Train/test splits of a named dataset (normalized as the PyTorch examples do). */
export async function loadDataset(name: DatasetChoice, dir?: string): Promise<{ train: ImageArrayDataset; test: ImageArrayDataset }> {
  try {
    return name === 'mnist' ? await mnist({ dir, normalize: true }) : await fashionMnist({ dir, normalize: true });
  } catch (err) {
    throw new UsageError(`cannot load dataset '${name}'${dir ? ` from ${dir}` : ''}: ${(err as Error).message}`);
  }
}

/** A test-set loader with large batches (evaluation needs no shuffling). */
export function evalLoader<T, B>(ds: Dataset<T, B>): DataLoader<T, B> {
  return new DataLoader(ds, { batchSize: 1000 });
}

/** The preprocessing and class names a model trained on `name` expects (the normalization `loadDataset` applies). */
export function datasetPreprocessing(name: string): { preprocessing: Preprocessing; classes: readonly string[] } {
  if (name === 'fashion-mnist') return { preprocessing: { channels: 1, size: 28, mean: [0.286], std: [0.353] }, classes: FASHION_MNIST_CLASSES };
  return { preprocessing: MNIST_PREPROCESSING, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
}
