import { ValueError } from '@dendrite/core';

/**
 * A map-style dataset: a length and random access to items, as
 * `torch.utils.data.Dataset`. `get` may be async (file reads, decoding).
 * A dataset may also offer `getBatch`, a fast path the `DataLoader` uses
 * (when no custom collate is given) to build a whole batch at once instead
 * of item by item. `B` is the batch type `getBatch` returns (never: none).
 *
 * @example
 * ```ts
 * const squares: Dataset<number> = { length: 10, get: (i) => i * i };
 * ```
 */
export interface Dataset<T, B = never> {
  /** Number of items. */
  readonly length: number;
  /** Item `index` (0 ≤ index < length). */
  get(index: number): T | Promise<T>;
  /** Optional fast path: several items already collated into one batch. */
  getBatch?(indices: Int32Array): B | Promise<B>;
}

/**
 * An iterable dataset: a stream of items of unknown length (lines of a huge
 * file, generated samples), as `torch.utils.data.IterableDataset`.
 *
 * @example
 * ```ts
 * async function* lines(): AsyncGenerator<string> { yield 'a'; yield 'b'; }
 * const ds: IterableDataset<string> = lines();
 * ```
 */
export type IterableDataset<T> = AsyncIterable<T> | Iterable<T>;

/**
 * True for a map-style dataset (has a numeric `length` and a `get` method).
 *
 * @example
 * ```ts
 * isDataset({ length: 2, get: (i: number) => i }); // true
 * ```
 */
export function isDataset<T>(x: unknown): x is Dataset<T> {
  return typeof x === 'object' && x !== null && typeof (x as Dataset<T>).length === 'number' && typeof (x as Dataset<T>).get === 'function';
}

/**
 * Throws `ValueError` unless `index` is an integer in [0, length).
 *
 * @example
 * ```ts
 * checkIndex(5, 10, 'MnistDataset.get'); // ok
 * ```
 */
export function checkIndex(index: number, length: number, op: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new ValueError(`${op}: index ${index} is out of range for a dataset of length ${length}`);
  }
}
