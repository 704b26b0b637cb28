import { ValueError } from '@dendrite/core';
import { checkIndex, type Dataset, type IterableDataset } from './dataset.js';

/**
 * A dataset whose items are `fn(item, index)`, computed lazily on access.
 * Any map-style dataset is accepted, including ones with a `getBatch` fast
 * path (TensorDataset, image datasets, subsets): the result has none, since
 * `fn` works on single items.
 *
 * @example
 * ```ts
 * const doubled = mapDataset({ length: 3, get: (i) => i }, (x) => 2 * x);
 * ```
 */
export function mapDataset<T, U>(ds: Dataset<T, unknown>, fn: (item: T, index: number) => U | Promise<U>): Dataset<U> {
  return {
    length: ds.length,
    get: (i) => {
      checkIndex(i, ds.length, 'mapDataset.get');
      const item = ds.get(i);
      return item instanceof Promise ? item.then((v) => fn(v, i)) : fn(item, i);
    },
  };
}

/**
 * The items for which `predicate` holds. Map-style datasets need their
 * length up front, so every item is visited once here.
 *
 * @example
 * ```ts
 * const evens = await filterDataset({ length: 10, get: (i) => i }, (x) => x % 2 === 0); // length 5
 * ```
 */
export async function filterDataset<T, B>(ds: Dataset<T, B>, predicate: (item: T, index: number) => boolean | Promise<boolean>): Promise<Dataset<T, B>> {
  const keep: number[] = [];
  for (let i = 0; i < ds.length; i++) if (await predicate(await ds.get(i), i)) keep.push(i);
  return subset(ds, keep);
}

/**
 * The items at `indices`, in that order. Keeps the parent's `getBatch` fast
 * path.
 *
 * @example
 * ```ts
 * const firstTen = subset(train, Array.from({ length: 10 }, (_, i) => i));
 * ```
 */
export function subset<T, B>(ds: Dataset<T, B>, indices: ArrayLike<number>): Dataset<T, B> {
  const map = Int32Array.from(indices as ArrayLike<number>);
  for (const i of map) checkIndex(i, ds.length, 'subset');
  const parentBatch = ds.getBatch?.bind(ds);
  const out: Dataset<T, B> = {
    length: map.length,
    get: (i) => {
      checkIndex(i, map.length, 'subset.get');
      return ds.get(map[i]);
    },
  };
  if (parentBatch) out.getBatch = (idx) => parentBatch(idx.map((i) => map[i]));
  return out;
}

/**
 * The datasets one after another (with or without `getBatch` fast paths; the
 * result has none).
 *
 * @example
 * ```ts
 * const all = concatDatasets(train, extra); // length train.length + extra.length
 * ```
 */
export function concatDatasets<T>(...datasets: Dataset<T, unknown>[]): Dataset<T> {
  if (datasets.length === 0) throw new ValueError('concatDatasets: needs at least one dataset');
  const ends: number[] = [];
  let total = 0;
  for (const d of datasets) ends.push((total += d.length));
  return {
    length: total,
    get: (i) => {
      checkIndex(i, total, 'concatDatasets.get');
      let k = 0;
      while (i >= ends[k]) k++;
      return datasets[k].get(i - (k === 0 ? 0 : ends[k - 1]));
    },
  };
}

/**
 * A lazily mapped iterable dataset.
 *
 * @example
 * ```ts
 * for await (const n of mapIterable([1, 2], (x) => x * 10)) console.log(n); // 10, 20
 * ```
 */
export async function* mapIterable<T, U>(ds: IterableDataset<T>, fn: (item: T) => U | Promise<U>): AsyncGenerator<U> {
  for await (const item of ds) yield await fn(item);
}

/**
 * A lazily filtered iterable dataset.
 *
 * @example
 * ```ts
 * for await (const n of filterIterable([1, 2, 3], (x) => x > 1)) console.log(n); // 2, 3
 * ```
 */
export async function* filterIterable<T>(ds: IterableDataset<T>, predicate: (item: T) => boolean | Promise<boolean>): AsyncGenerator<T> {
  for await (const item of ds) if (await predicate(item)) yield item;
}
