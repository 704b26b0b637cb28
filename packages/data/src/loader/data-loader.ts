import { dispose, Generator, type TensorContainer, ValueError } from '@dendrite/core';
import { type Dataset, type IterableDataset, isDataset } from '../datasets/dataset.js';
import type { Sampler } from '../samplers/distributed-sampler.js';
import { defaultCollate } from './collate.js';
import { WorkerPool, type WorkerSpec } from './worker-pool.js';

/** Options of `DataLoader`. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit samples in a new random order each epoch (map-style datasets only; default false). */
  shuffle?: boolean;
  /** Seed of the shuffle order (default 0), or a `Generator` to draw from. */
  seed?: number | Generator;
  /** The sample order (e.g. a `DistributedSampler`); excludes `shuffle`. */
  sampler?: Sampler;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Turns a list of samples into a batch (default `defaultCollate`, or the dataset's `getBatch`). */
  collate?: (items: T[]) => B | Promise<B>;
  /** Batches prepared ahead of the one being consumed (default 2, or the worker count if larger; 0 = none). */
  prefetch?: number;
  /** Fetch samples in Node worker threads (ignored where `worker_threads` does not exist, e.g. browsers). */
  workers?: WorkerSpec;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Lets the consumer run before the next batch is built (a macrotask, not a microtask). */
const yieldToConsumer = (): Promise<void> => new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

/**
 * Iterates a dataset in batches with `for await`, as
 * `torch.utils.data.DataLoader`: seeded shuffling with a new order every
 * epoch, `dropLast`, custom collate, batches prepared ahead while the model
 * trains, and optional worker threads. Each yielded batch belongs to the
 * consumer (dispose it, or create it inside a training step's tidy); batches
 * prefetched but never consumed (a `break`) are disposed by the loader.
 *
 * @example
 * ```ts
 * const { train } = await mnist();
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 1 });
 * for (let epoch = 0; epoch < 2; epoch++) {
 *   for await (const { x, y } of loader) { step(x, y); dispose([x, y]); }
 * }
 * ```
 */
export class DataLoader<T, B = unknown> implements AsyncIterable<B> {
  /** Items per batch. */
  readonly batchSize: number;
  /** The stream that shuffles (when `shuffle` is on): `fit()` checkpoints it so a resumed run replays the same orders. */
  readonly generator: Generator | undefined;
  private readonly prefetch: number;
  private pool: Promise<WorkerPool> | undefined;
  /** Completed epochs (each starts a new shuffle order). */
  epoch = 0;

  /**
   * A loader over `dataset`.
   * @param dataset - a map-style dataset (shuffled, batched with `getBatch` when it has one) or an iterable one
   * @param options - batch size, shuffling, seed, collation, prefetch and Node workers
   */
  constructor(
    readonly dataset: Dataset<T, B> | IterableDataset<T>,
    private readonly options: DataLoaderOptions<T, B> = {},
  ) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${options.batchSize}`);
    // Enough batches in flight to keep every worker busy.
    this.prefetch = options.prefetch ?? Math.max(2, options.workers?.count ?? 0);
    if (!Number.isInteger(this.prefetch) || this.prefetch < 0) throw new ValueError(`DataLoader: prefetch must be a non-negative integer, got ${options.prefetch}`);
    const mapStyle = isDataset(dataset);
    if (!mapStyle && !(Symbol.asyncIterator in Object(dataset) || Symbol.iterator in Object(dataset))) {
      throw new ValueError('DataLoader: dataset must be a map-style Dataset ({ length, get }) or an (async) iterable');
    }
    if (!mapStyle && options.shuffle) throw new ValueError('DataLoader: shuffle needs a map-style dataset (an iterable has no random access); shuffle the stream itself');
    if (!mapStyle && options.workers) throw new ValueError('DataLoader: workers need a map-style dataset');
    if (options.sampler && (options.shuffle || !mapStyle)) throw new ValueError('DataLoader: sampler needs a map-style dataset and excludes shuffle (the sampler decides the order)');
    if (options.shuffle) this.generator = options.seed instanceof Generator ? options.seed : new Generator(options.seed ?? 0);
  }

  /** Number of batches per epoch (map-style datasets). */
  get length(): number {
    if (!isDataset(this.dataset)) throw new ValueError('DataLoader: an iterable dataset has no length');
    const n = this.options.sampler ? this.options.sampler.length : this.dataset.length;
    return this.options.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Stops worker threads, if any were started. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close();
  }

  /** Stops the worker pool, if any (`await using loader = ...`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Iterates one epoch of batches (a new shuffle order each time). */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    return isDataset<T>(this.dataset) ? this.mapStyleBatches(this.dataset as Dataset<T, B>) : this.iterableBatches(this.dataset as IterableDataset<T>);
  }

  private epochIndices(datasetLength: number): Int32Array[] {
    const order = this.options.sampler
      ? this.options.sampler.indices()
      : this.generator
        ? this.generator.randomPermutation(datasetLength)
        : Int32Array.from({ length: datasetLength }, (_, i) => i);
    const n = order.length;
    const batches: Int32Array[] = [];
    for (let s = 0; s < n; s += this.batchSize) {
      const b = order.subarray(s, Math.min(s + this.batchSize, n));
      if (b.length === this.batchSize || !this.options.dropLast) batches.push(b);
    }
    return batches;
  }

  private async makeBatch(ds: Dataset<T, B>, indices: Int32Array): Promise<B> {
    await yieldToConsumer();
    if (this.options.workers && isNode) {
      this.pool ??= WorkerPool.start(this.options.workers);
      return this.collate(await (await this.pool).fetch(indices) as T[]);
    }
    if (!this.options.collate && ds.getBatch) return ds.getBatch(indices);
    const items: T[] = [];
    for (const i of indices) items.push(await ds.get(i));
    return this.collate(items);
  }

  private collate(items: T[]): B | Promise<B> {
    return this.options.collate ? this.options.collate(items) : defaultCollate<B>(items);
  }

  private async *mapStyleBatches(ds: Dataset<T, B>): AsyncGenerator<B> {
    const batches = this.epochIndices(ds.length);
    this.epoch++;
    yield* this.pipelined(batches.map((b) => () => this.makeBatch(ds, b)));
  }

  /** Runs up to `prefetch` batch builders ahead of the consumer; disposes unconsumed batches on early exit. */
  private async *pipelined(builders: (() => Promise<B>)[]): AsyncGenerator<B> {
    const ahead: Promise<B>[] = [];
    let next = 0;
    const start = () => {
      const p = builders[next++]();
      p.catch(() => undefined); // surfaced when awaited in order; avoids an unhandled rejection meanwhile
      ahead.push(p);
    };
    try {
      while (next < builders.length || ahead.length > 0) {
        if (ahead.length === 0) start();
        const batch = await (ahead.shift() as Promise<B>);
        // While the consumer works on this batch, up to `prefetch` later ones are being built.
        while (next < builders.length && ahead.length < this.prefetch) start();
        yield batch;
      }
    } finally {
      for (const p of ahead.splice(0)) {
        try {
          dispose((await p) as TensorContainer);
        } catch {
          // a batch that failed to build holds nothing to free
        }
      }
    }
  }

  private async *iterableBatches(ds: IterableDataset<T>): AsyncGenerator<B> {
    this.epoch++;
    let items: T[] = [];
    for await (const item of ds) {
      items.push(item);
      if (items.length === this.batchSize) {
        yield await this.collate(items);
        items = [];
      }
    }
    if (items.length > 0 && !this.options.dropLast) yield await this.collate(items);
  }
}
