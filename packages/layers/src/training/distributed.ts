// What fit() needs from data-parallel training (implemented by
// @dendrite/distributed's DistributedDataParallel; layers cannot import it).

/**
 * The data-parallel hooks of `fit()`: gradients are synchronized after each
 * backward pass, epoch metrics are averaged over ranks, and only rank 0
 * prints progress.
 *
 * @example
 * ```ts
 * const ddp = await DistributedDataParallel.wrap(model); // implements FitDistributed
 * await fit(model, loader, { loss, optimizer, distributed: ddp });
 * ```
 */
export interface FitDistributed {
  /** This process's rank (only rank 0 prints progress). */
  readonly rank: number;
  /** Number of processes training together. */
  readonly worldSize: number;
  /** After backward, before clipping and the optimizer step: the gradients become the same on every rank. */
  synchronize(): Promise<void>;
  /** Element-wise sum over ranks (fit() sums sample-weighted metric totals and sample counts). */
  allReduceMetrics(values: Float64Array): Promise<Float64Array>;
}

/** Epoch averages over every rank's samples: sums are sample-weighted per rank, so the result is the mean over all samples. */
export async function averageOverRanks(dist: FitDistributed, sums: Record<string, number>, samples: number): Promise<{ sums: Record<string, number>; samples: number }> {
  // Keys in one order on every rank (each rank computed the same metrics).
  const keys = Object.keys(sums).sort();
  const total = await dist.allReduceMetrics(Float64Array.from([...keys.map((k) => sums[k]), samples]));
  return { sums: Object.fromEntries(keys.map((k, i) => [k, total[i]])), samples: total[keys.length] };
}
