// MNIST with pixels in [0, 1] (generative models need the Bernoulli range), cut by --limit.
import { DataLoader, type Dataset, type ImageArrayDataset, type ImageBatch, mnist, subset } from '@dendrite/data';
import { UsageError } from '../args.js';
import { range, type TaskContext } from './task.js';

/** Train/test MNIST in [0, 1] plus a shuffling loader over the training part. */
export async function mnistForTask(ctx: TaskContext): Promise<{ train: Dataset<unknown, ImageBatch>; test: Dataset<unknown, ImageBatch>; loader: DataLoader<unknown, ImageBatch> }> {
  const dataset = typeof ctx.flags.dataset === 'string' ? ctx.flags.dataset : 'mnist';
  if (dataset !== 'mnist') throw new UsageError(`'${ctx.modelName}' trains on --dataset mnist, got '${dataset}'`);
  let full: { train: ImageArrayDataset; test: ImageArrayDataset };
  try {
    full = await mnist({ dir: ctx.dataDir });
  } catch (err) {
    throw new UsageError(`cannot load dataset 'mnist'${ctx.dataDir ? ` from ${ctx.dataDir}` : ''}: ${(err as Error).message}`);
  }
  const train = ctx.limit ? subset(full.train, range(Math.min(ctx.limit, full.train.length))) : full.train;
  const test = ctx.limit ? subset(full.test, range(Math.min(Math.ceil(ctx.limit / 5), full.test.length))) : full.test;
  ctx.log(`dataset: mnist in [0, 1], ${train.length} training and ${test.length} test images`);
  return { train, test, loader: new DataLoader(train, { batchSize: ctx.batchSize, shuffle: true, seed: ctx.generator }) as DataLoader<unknown, ImageBatch> };
}

/** The first `n` test images (a fixed batch for pictures). */
export function firstImages(test: Dataset<unknown, ImageBatch>, n: number): ImageBatch {
  return test.getBatch!(Int32Array.from(range(Math.min(n, test.length)))) as ImageBatch;
}
