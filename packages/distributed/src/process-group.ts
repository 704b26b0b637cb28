// The process-group contract: what data-parallel training needs from a
// communication backend. MPI implements it today (mpi-group.ts); an NCCL
// group for CUDA tensors would implement the same interface, so
// DistributedDataParallel, the sampler hooks and fit() need not change.
import type { Tensor } from '@dendrite/core';

/** How `allReduce` and `reduceScatter` combine the ranks' values. */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'min';

/** Host arrays a group can communicate directly. */
export type HostArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * A collective in flight: it was queued when the call returned (in call
 * order, the order every rank must use) and completes in the background.
 *
 * @example
 * ```ts
 * const work = group.allReduceAsync(grad, 'mean');
 * // ... compute something else ...
 * const averaged = await work.wait();
 * ```
 */
export interface Work<T> {
  /** Resolves with the result once the collective finished on this rank. */
  wait(): Promise<T>;
  /** Whether it already finished (successfully or not). */
  readonly completed: boolean;
}

/**
 * A group of processes that run collectives together. Every rank must call
 * the same collectives in the same order with same-shaped arguments.
 * Tensor collectives return new tensors on the input's backend and dtype
 * (tensors are immutable); the inputs stay owned by the caller.
 *
 * @example
 * ```ts
 * const group = await initProcessGroup({ backend: 'mpi' });
 * const total = await group.allReduce(tensor([group.rank]), 'sum');
 * ```
 */
export interface ProcessGroup {
  /** 'mpi' (later also 'nccl'). */
  readonly backend: string;
  /** This process's rank, in [0, worldSize). */
  readonly rank: number;
  /** Number of processes in the group. */
  readonly worldSize: number;
  /** Rank among the processes of this machine. */
  readonly localRank: number;
  /** How many of the group's processes run on this machine. */
  readonly localSize: number;
  /** Every rank gets the elementwise reduction of all ranks' tensors (same shape everywhere). */
  allReduce(t: Tensor, op?: ReduceOp): Promise<Tensor>;
  /** `allReduce` that returns at once; `wait()` gives the result. */
  allReduceAsync(t: Tensor, op?: ReduceOp): Work<Tensor>;
  /** Every rank gets `root`'s tensor. */
  broadcast(t: Tensor, root?: number): Promise<Tensor>;
  /** `broadcast` that returns at once; `wait()` gives the result. */
  broadcastAsync(t: Tensor, root?: number): Work<Tensor>;
  /** Every rank gets all ranks' tensors stacked on a new first axis: shape [worldSize, ...t.shape]. */
  allGather(t: Tensor): Promise<Tensor>;
  /** `allGather` that returns at once; `wait()` gives the result. */
  allGatherAsync(t: Tensor): Work<Tensor>;
  /** Reduces, then splits the first axis (divisible by worldSize): rank r gets block r. */
  reduceScatter(t: Tensor, op?: ReduceOp): Promise<Tensor>;
  /** `reduceScatter` that returns at once; `wait()` gives the result. */
  reduceScatterAsync(t: Tensor, op?: ReduceOp): Work<Tensor>;
  /** Resolves once every rank called it. */
  barrier(): Promise<void>;
  /** `barrier` that returns at once; `wait()` resolves when every rank arrived. */
  barrierAsync(): Work<void>;
  /** In-place all-reduce of a host array (what tensor collectives stage through). */
  allReduceHost(data: HostArray, op?: ReduceOp): Work<void>;
  /**
   * In-place all-reduce of a host array that blocks the JS thread until done,
   * for collectives inside synchronous code (synchronized BatchNorm's forward
   * and backward). It queues behind earlier collectives.
   */
  allReduceHostSync(data: HostArray, op?: ReduceOp): void;
  /** In-place broadcast of a host array from `root`. */
  broadcastHost(data: HostArray, root?: number): Work<void>;
  /** Gathers every rank's `data` into `out` (length worldSize × data.length), in rank order. */
  allGatherHost(data: HostArray, out: HostArray): Work<void>;
  /** Tells every other rank this one failed (they exit naming it); call right before exiting. */
  abort(message: string): void;
  /** Finishes queued collectives and shuts the group down; every rank must call it. */
  destroy(): Promise<void>;
}
