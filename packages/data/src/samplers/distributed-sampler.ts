// Which samples each rank of a data-parallel job visits: PyTorch's
// DistributedSampler semantics, with Dendrite's seeded generator.
import { Generator, ValueError } from '@dendrite/core';

/** An order of sample indices for a DataLoader (`sampler` option). */
export interface Sampler {
  /** Indices per epoch. */
  readonly length: number;
  /** This epoch's indices, in visiting order. */
  indices(): Int32Array;
}

/** Options of `DistributedSampler`. */
export interface DistributedSamplerOptions {
  /** Number of ranks (a process group's `worldSize`). */
  numReplicas: number;
  /** This process's rank in [0, numReplicas). */
  rank: number;
  /** A new seeded order every epoch (default true). */
  shuffle?: boolean;
  /** Base seed; epoch e shuffles with seed + e on every rank (default 0). */
  seed?: number;
  /** Drop the tail so shards divide evenly (default false: pad by repeating samples from the start). */
  dropLast?: boolean;
}

/**
 * Splits a dataset into disjoint shards, one per rank, of equal length, so
 * every rank runs the same number of steps: the (seeded, per-epoch) shuffled
 * order is padded by repeating its first samples, or trimmed with
 * `dropLast`, to a multiple of `numReplicas`; rank r takes every
 * numReplicas-th index starting at r. As in PyTorch, call `setEpoch(e)`
 * before each epoch so the order changes.
 *
 * @example
 * ```ts
 * const sampler = new DistributedSampler(train.length, { numReplicas: group.worldSize, rank: group.rank, seed: 1 });
 * const loader = new DataLoader(train, { batchSize: 64, sampler });
 * for (let epoch = 1; epoch <= 3; epoch++) {
 *   sampler.setEpoch(epoch);
 *   for await (const batch of loader) { ... }
 * }
 * ```
 */
export class DistributedSampler implements Sampler {
  /** Samples this rank visits per epoch (the same on every rank). */
  readonly numSamples: number;
  /** Samples all ranks visit per epoch: `numSamples × numReplicas` (the padded or trimmed dataset). */
  readonly totalSize: number;
  private epoch = 0;
  private readonly shuffle: boolean;
  private readonly seed: number;

  /**
   * @param datasetLength The dataset's length (the same on every rank).
   * @param options Ranks, this rank, shuffling, seed and `dropLast`.
   * @throws ValueError for a negative or fractional length, a rank outside [0, numReplicas) or a bad seed.
   *
   * @example
   * ```ts
   * const sampler = new DistributedSampler(10, { numReplicas: 4, rank: 1, shuffle: false }); // indices 1, 5, 9
   * ```
   */
  constructor(
    /** The dataset's length. */
    readonly datasetLength: number,
    private readonly options: DistributedSamplerOptions,
  ) {
    const { numReplicas, rank } = options;
    if (!Number.isInteger(datasetLength) || datasetLength < 0) throw new ValueError(`DistributedSampler: datasetLength must be a non-negative integer, got ${datasetLength}`);
    if (!Number.isInteger(numReplicas) || numReplicas < 1) throw new ValueError(`DistributedSampler: numReplicas must be a positive integer, got ${numReplicas}`);
    if (!Number.isInteger(rank) || rank < 0 || rank >= numReplicas) throw new ValueError(`DistributedSampler: rank must be in [0, ${numReplicas - 1}], got ${rank}`);
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed) || this.seed < 0) throw new ValueError(`DistributedSampler: seed must be a non-negative integer, got ${options.seed}`);
    this.numSamples =
      options.dropLast && datasetLength % numReplicas !== 0 ? Math.max(0, Math.ceil((datasetLength - numReplicas) / numReplicas)) : Math.ceil(datasetLength / numReplicas);
    this.totalSize = this.numSamples * numReplicas;
  }

  /** Samples this rank visits per epoch. */
  get length(): number {
    return this.numSamples;
  }

  /** Selects the epoch's shuffle (seed + epoch), the same on every rank. */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new ValueError(`DistributedSampler.setEpoch: epoch must be a non-negative integer, got ${epoch}`);
    this.epoch = epoch;
  }

  indices(): Int32Array {
    const n = this.datasetLength;
    const order = this.shuffle ? new Generator(this.seed + this.epoch).randomPermutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const all = new Int32Array(this.totalSize);
    // Pad by cycling through the order from its start (repeatedly when the padding exceeds the dataset).
    for (let i = 0; i < this.totalSize && n > 0; i++) all[i] = order[i % n];
    const out = new Int32Array(this.numSamples);
    for (let k = 0; k < this.numSamples; k++) out[k] = all[this.options.rank + k * this.options.numReplicas];
    return out;
  }
}
