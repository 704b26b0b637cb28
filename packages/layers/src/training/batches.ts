// The data fit() and evaluate() accept: an (async) iterable of { x, y }
// batches (a DataLoader), or an [x, y] pair of tensors cut into batches here.
import { type Generator, defaultGenerator, fmtShape, gather, ShapeError, sliceAxis, type Tensor, tensor, tidy, ValueError } from '@dendrite/core';

/** One batch of inputs and targets. */
export interface Batch {
  /** Inputs of the batch. */
  x: Tensor;
  /** Targets of the batch. */
  y: Tensor;
}

/** One batch as `{ x, y }` or as `[x, y]` (PyTorch's convention, what `DataLoader(TensorDataset)` yields). */
export type BatchLike = Batch | readonly [Tensor, Tensor] | Tensor[];

/** A source of batches that can be iterated once per epoch. */
export type BatchIterable = Iterable<BatchLike> | AsyncIterable<BatchLike>;

/**
 * What fit() and evaluate() take as data: an [x, y] pair of tensors, a
 * re-iterable source of batches (an array, a DataLoader), or a function that
 * returns a fresh (async) iterable each epoch (for one-shot generators).
 */
export type BatchSource = BatchIterable | readonly [Tensor, Tensor] | (() => BatchIterable);

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
  if (typeof source === 'function') return undefined;
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

/** Every tensor directly inside a batch-like value (to free a rejected batch). */
function tensorsIn(b: unknown): Tensor[] {
  if (isTensor(b)) return [b];
  if (Array.isArray(b)) return b.filter(isTensor);
  if (b && typeof b === 'object') return Object.values(b).filter(isTensor);
  return [];
}

function describe(b: unknown): string {
  if (Array.isArray(b)) return `an array of ${b.length} (${b.map((v) => (isTensor(v) ? 'Tensor' : v === null ? 'null' : typeof v)).join(', ')})`;
  if (b && typeof b === 'object') return `an object with keys ${Object.keys(b).slice(0, 5).join(', ') || '(none)'}`;
  return b === null ? 'null' : typeof b;
}

/** Accepts `{ x, y }` and `[x, y]`; a rejected batch the consumer owns is freed before the error. */
function checkBatch(b: unknown, i: number, owned: boolean): Batch {
  if (Array.isArray(b) && b.length === 2 && isTensor(b[0]) && isTensor(b[1])) return { x: b[0], y: b[1] };
  if (b && typeof b === 'object' && !Array.isArray(b) && isTensor((b as Batch).x) && isTensor((b as Batch).y)) return b as Batch;
  if (owned) for (const t of tensorsIn(b)) t.dispose();
  throw new ValueError(`fit: batch ${i} must be { x: Tensor, y: Tensor } or [x, y], got ${describe(b)}`);
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
  const iterable = typeof source === 'function' ? source() : source;
  const owned = !Array.isArray(iterable);
  let i = 0;
  if (iterable && typeof (iterable as AsyncIterable<Batch>)[Symbol.asyncIterator] === 'function') {
    for await (const b of iterable as AsyncIterable<unknown>) yield { ...checkBatch(b, i++, owned), owned };
  } else if (iterable && typeof (iterable as Iterable<Batch>)[Symbol.iterator] === 'function') {
    for (const b of iterable as Iterable<unknown>) yield { ...checkBatch(b, i++, owned), owned };
  } else {
    throw new ValueError(
      `fit: data must be an [x, y] pair of tensors, an (async) iterable of { x, y } or [x, y] batches, or a function returning one; got ${typeof source === 'function' ? `a function returning ${iterable === null ? 'null' : typeof iterable}` : source === null ? 'null' : typeof source}`,
    );
  }
}

/**
 * Whether `source` is a one-shot iterator (a generator object, or any
 * iterator whose `[Symbol.iterator]()` returns itself): it is empty after
 * one pass, so training on it for more than one epoch is refused.
 *
 * @example
 * ```ts
 * isOneShot((function* () { yield { x, y }; })()); // true
 * isOneShot(new DataLoader(ds)); // false
 * ```
 */
export function isOneShot(source: unknown): boolean {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return false;
  const s = source as { [Symbol.iterator]?: () => unknown; [Symbol.asyncIterator]?: () => unknown; next?: unknown };
  if (typeof s.next !== 'function') return false;
  try {
    if (typeof s[Symbol.asyncIterator] === 'function') return s[Symbol.asyncIterator]?.() === source;
    if (typeof s[Symbol.iterator] === 'function') return s[Symbol.iterator]?.() === source;
  } catch {
    return false;
  }
  return false;
}
