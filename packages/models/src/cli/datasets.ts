// Datasets the CLI trains and evaluates on.
import { DataLoader, type Dataset, fashionMnist, type ImageArrayDataset, mnist } from '@dendrite/data';
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
