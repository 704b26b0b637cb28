// The data fit() and evaluate() accept: an (async) iterable of { x, y }
// batches (a DataLoader), or an [x, y] pair of tensors cut into batches here.
import { type Generator, defaultGenerator, fmtShape, gather, ShapeError, sliceAxis, type Tensor, tensor, tidy, ValueError } from '@dendrite/core';

/** One batch of inputs and targets. */
export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** What fit() and evaluate() take as data. */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch> | readonly [Tensor, Tensor];

/** A batch plus whether the consumer must dispose it. */
export interface OwnedBatch extends Batch {
  owned: boolean;
}

/** Options for cutting an [x, y] pair into batches. */
export interface BatchingOptions {
  batchSize?: number;
  shuffle?: boolean;
  generator?: Generator;
}

function isTensor(v: unknown): v is Tensor {
  return !!v && typeof v === 'object' && typeof (v as Tensor).dispose === 'function' && Array.isArray((v as Tensor).shape);
}

/**
 * Whether `source` is an [x, y] pair of tensors.
 *
 * @example
 * ```ts
 * isTensorPair([x, y]); // true
 * ```
 */
export function isTensorPair(source: unknown): source is readonly [Tensor, Tensor] {
  return Array.isArray(source) && source.length === 2 && isTensor(source[0]) && isTensor(source[1]);
}

/**
 * Number of batches one pass yields, when known.
 *
 * @example
 * ```ts
 * batchCount([x, y], { batchSize: 32 }); // ceil(N / 32)
 * ```
 */
export function batchCount(source: BatchSource, options: BatchingOptions): number | undefined {
  if (isTensorPair(source)) return Math.ceil(source[0].shape[0] / (options.batchSize ?? 32));
  if (Array.isArray(source)) return source.length;
  const len = (source as { length?: unknown }).length;
  return typeof len === 'number' ? len : undefined;
}

async function* fromPair([x, y]: readonly [Tensor, Tensor], options: BatchingOptions): AsyncGenerator<OwnedBatch> {
  const n = x.shape[0];
  if (x.rank === 0 || y.rank === 0 || y.shape[0] !== n) throw new ShapeError(`fit: x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)} must have the same number of samples in dim 0`);
  const bs = options.batchSize ?? 32;
  if (!Number.isInteger(bs) || bs < 1) throw new ValueError(`fit: 'batchSize' must be a positive integer, got ${JSON.stringify(bs)}`);
  const order = options.shuffle ? (options.generator ?? defaultGenerator).randomPermutation(n) : null;
  for (let start = 0; start < n; start += bs) {
    const end = Math.min(n, start + bs);
    const batch = tidy(() => {
      if (!order) return { x: sliceAxis(x, 0, start, end), y: sliceAxis(y, 0, start, end) };
      const idx = tensor(order.subarray(start, end), [end - start], 'int32');
      return { x: gather(x, idx, 0), y: gather(y, idx, 0) };
    });
    yield { ...batch, owned: true };
  }
}

function checkBatch(b: unknown, i: number): Batch {
  if (!b || typeof b !== 'object' || !isTensor((b as Batch).x) || !isTensor((b as Batch).y)) {
    throw new ValueError(`fit: batch ${i} must be an object { x: Tensor, y: Tensor }, got ${b === null ? 'null' : typeof b}`);
  }
  return b as Batch;
}

/**
 * Iterates batches once. Batches from an array are the caller's (reused
 * every epoch); batches cut from a pair or produced by an iterator are
 * fresh, and the consumer disposes them.
 *
 * @example
 * ```ts
 * for await (const b of iterateBatches([x, y], { batchSize: 16, shuffle: true })) { ...; if (b.owned) dispose([b.x, b.y]); }
 * ```
 */
export async function* iterateBatches(source: BatchSource, options: BatchingOptions = {}): AsyncGenerator<OwnedBatch> {
  if (isTensorPair(source)) {
    yield* fromPair(source, options);
    return;
  }
  const owned = !Array.isArray(source);
  let i = 0;
  if (source && typeof (source as AsyncIterable<Batch>)[Symbol.asyncIterator] === 'function') {
    for await (const b of source as AsyncIterable<Batch>) yield { ...checkBatch(b, i++), owned };
  } else if (source && typeof (source as Iterable<Batch>)[Symbol.iterator] === 'function') {
    for (const b of source as Iterable<Batch>) yield { ...checkBatch(b, i++), owned };
  } else {
    throw new ValueError(`fit: data must be an [x, y] pair of tensors or an (async) iterable of { x, y } batches, got ${source === null ? 'null' : typeof source}`);
  }
}
