// DistributedDataParallel: every rank runs the same model on its own shard
// of each batch; gradients are averaged across ranks before the optimizer
// step, so the ranks stay identical. Gradients travel in size-bounded
// buckets that start all-reducing during backward() as soon as all of their
// gradients are final (core's onGradReady), always in bucket order, and each
// averaged element is computed on one rank only, so all ranks receive the
// same bits.
import { onGradReady, type Tensor, ValueError } from '@dendrite/core';
import type { AnyModule, Parameter } from '@dendrite/layers';
import { getProcessGroup } from './init.js';
import { checkSameModel } from './model-check.js';
import type { ProcessGroup, Work } from './process-group.js';
import { fromHost, hostCopy } from './staging.js';
import { convertSyncBatchNorm } from './sync-batch-norm.js';

/** Options of `DistributedDataParallel.wrap()`. */
export interface DDPOptions {
  /** The group to average over (default: the one `initProcessGroup()` created). */
  group?: ProcessGroup;
  /** Bucket size bound in MiB (default 25, as PyTorch). Smaller buckets start communicating earlier. */
  bucketCapMB?: number;
  /**
   * Allow parameters that get no gradient in a step (default false: such a
   * step throws, naming them). When true they count as zero on this rank.
   */
  findUnusedParameters?: boolean;
  /** Copy rank 0's buffers (BatchNorm running statistics) to every rank after each step (default true). */
  broadcastBuffers?: boolean;
  /**
   * Synchronized BatchNorm (default false): in training, BatchNorm1d/2d
   * layers normalize with the statistics of all ranks' samples (one blocking
   * all-reduce per layer in forward and in backward), so DDP matches one
   * process with the whole batch even for models with BatchNorm.
   */
  syncBatchNorm?: boolean;
}

interface Bucket {
  params: number[];
  offsets: number[];
  data: Float32Array;
  ready: number;
  work: Work<void> | null;
}

/**
 * Data-parallel training of a module over a process group. Create it with
 * `await DistributedDataParallel.wrap(model)`: it checks that every rank has
 * the same parameter shapes and copies rank 0's weights to all ranks. Then
 * per step: forward and `backward()` as usual, `await ddp.synchronize()`,
 * then the optimizer step. `fit(model, data, { distributed: ddp, ... })`
 * does this itself.
 *
 * @example
 * ```ts
 * const group = await initProcessGroup({ backend: 'mpi' });
 * const ddp = await DistributedDataParallel.wrap(model);
 * const loss = lossFn(ddp.forward(x), y);
 * loss.backward();           // buckets start all-reducing here
 * await ddp.synchronize();   // gradients are now the mean over ranks
 * optimizer.step();
 * ```
 */
export class DistributedDataParallel {
  /** This process's rank in the group. */
  readonly rank: number;
  /** Number of ranks in the group. */
  readonly worldSize: number;
  private readonly named: [string, Parameter][];
  private readonly buckets: Bucket[];
  /** For each parameter: its bucket and its offset in it. */
  private readonly where: { bucket: number; offset: number }[];
  private byValue = new Map<Tensor, number>();
  private readyParams = new Set<number>();
  private nextLaunch = 0;
  private syncing = true;
  private offHook: (() => void) | null;
  private restoreBatchNorm: (() => void) | null;
  /**
   * Counters since wrap: synchronized steps, milliseconds spent inside
   * `synchronize()` (communication not hidden behind backward, plus buffer
   * broadcasts), gradient bytes all-reduced, and buckets launched in all and
   * during backward (overlapping the rest of the backward pass).
   */
  readonly stats = { steps: 0, synchronizeMs: 0, allReducedBytes: 0, bucketsLaunched: 0, bucketsLaunchedInBackward: 0 };
  private inSynchronize = false;

  private constructor(
    /** The wrapped model (its parameters are updated in place; train and save it as usual). */
    readonly module: AnyModule,
    /** The process group gradients are averaged over. */
    readonly group: ProcessGroup,
    private readonly options: DDPOptions,
  ) {
    this.rank = group.rank;
    this.worldSize = group.worldSize;
    this.named = module.namedParameters().filter(([, p]) => p.requiresGrad);
    const cap = (options.bucketCapMB ?? 25) * 1024 * 1024;
    if (!(cap > 0)) throw new ValueError(`DistributedDataParallel: bucketCapMB must be positive, got ${options.bucketCapMB}`);
    // Reverse registration order: the last layers' gradients are ready first.
    this.buckets = [];
    this.where = [];
    let current: number[] = [];
    let bytes = 0;
    const close = () => {
      if (!current.length) return;
      const offsets: number[] = [];
      let n = 0;
      for (const i of current) {
        offsets.push(n);
        n += this.named[i][1].size;
      }
      current.forEach((i, k) => {
        this.where[i] = { bucket: this.buckets.length, offset: offsets[k] };
      });
      this.buckets.push({ params: current, offsets, data: new Float32Array(n), ready: 0, work: null });
      current = [];
      bytes = 0;
    };
    for (let i = this.named.length - 1; i >= 0; i--) {
      const [name, p] = this.named[i];
      if (p.dtype !== 'float32') throw new ValueError(`DistributedDataParallel: parameter '${name}' is ${p.dtype}; only float32 parameters are averaged`);
      if (bytes > 0 && bytes + p.size * 4 > cap) close();
      current.push(i);
      bytes += p.size * 4;
    }
    close();
    this.offHook = onGradReady((leaf) => this.onReady(leaf));
    this.restoreBatchNorm = options.syncBatchNorm ? convertSyncBatchNorm(module, group) : null;
  }

  /**
   * Checks the model is the same on every rank (names, shapes, dtypes of
   * parameters and buffers; a mismatch throws a ShapeError naming the first
   * difference and the ranks), copies rank 0's parameters and buffers to
   * every rank, and starts watching gradients.
   *
   * @example
   * ```ts
   * const ddp = await DistributedDataParallel.wrap(model, { bucketCapMB: 4 });
   * ```
   */
  static async wrap(module: AnyModule, options: DDPOptions = {}): Promise<DistributedDataParallel> {
    const group = options.group ?? getProcessGroup();
    if (!group) throw new ValueError('DistributedDataParallel: no process group; call initProcessGroup() first or pass { group }');
    await checkSameModel(module, group);
    const ddp = new DistributedDataParallel(module, group, options);
    await ddp.broadcastState(true);
    return ddp;
  }

  /** Elements per gradient bucket, in launch order (the last parameters first). */
  get bucketSizes(): number[] {
    return this.buckets.map((b) => b.data.length);
  }

  /** The wrapped module's forward. */
  forward(...args: unknown[]): Tensor {
    return (this.module as unknown as { forward(...a: unknown[]): Tensor }).forward(...args);
  }

  /**
   * Runs `fn` (forward and backward) without averaging: gradients only
   * accumulate locally, and the next synchronized backward averages the sum.
   *
   * @example
   * ```ts
   * await ddp.noSync(() => lossOf(batch1).backward());
   * lossOf(batch2).backward();
   * await ddp.synchronize(); // the mean over ranks of both batches' gradients
   * ```
   */
  async noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    const prev = this.syncing;
    this.syncing = false;
    try {
      return await fn();
    } finally {
      this.syncing = prev;
    }
  }

  private indexOf(leaf: Tensor): number | undefined {
    let i = this.byValue.get(leaf);
    if (i === undefined) {
      // Optimizer steps swap parameter tensors: rebuild the lookup.
      this.byValue = new Map(this.named.map(([, p], k) => [p.value, k]));
      i = this.byValue.get(leaf);
    }
    return i;
  }

  private onReady(leaf: Tensor): void {
    if (!this.syncing) return;
    const i = this.indexOf(leaf);
    if (i === undefined || this.readyParams.has(i)) return;
    const g = leaf.grad;
    if (!g) return;
    const staged = hostCopy(g, 'DistributedDataParallel');
    if (staged instanceof Promise) return; // not host-readable synchronously: synchronize() stages it
    this.readyParams.add(i);
    const { bucket, offset } = this.where[i];
    const b = this.buckets[bucket];
    b.data.set(staged as Float32Array, offset);
    b.ready++;
    this.launchReady();
  }

  /** Starts the all-reduce of every complete bucket, in bucket order only (the order all ranks use). */
  private launchReady(): void {
    while (this.nextLaunch < this.buckets.length) {
      const b = this.buckets[this.nextLaunch];
      if (b.ready < b.params.length) return;
      b.work = this.group.allReduceHost(b.data, 'mean');
      this.nextLaunch++;
      this.stats.bucketsLaunched++;
      if (!this.inSynchronize) this.stats.bucketsLaunchedInBackward++;
    }
  }

  /**
   * Waits for the gradient averages and writes them to the parameters'
   * `.grad`; then (with `broadcastBuffers`) copies rank 0's buffers. Call it
   * after `backward()` and before the optimizer step, on every rank.
   *
   * @example
   * ```ts
   * loss.backward();
   * await ddp.synchronize();
   * optimizer.step();
   * ```
   */
  async synchronize(): Promise<void> {
    const started = performance.now();
    this.inSynchronize = true;
    try {
      const missing: string[] = [];
      for (let i = 0; i < this.named.length; i++) {
        if (this.readyParams.has(i)) continue;
        const [name, p] = this.named[i];
        const { bucket, offset } = this.where[i];
        const b = this.buckets[bucket];
        if (p.grad) b.data.set((await p.grad.data()) as Float32Array, offset);
        else if (this.options.findUnusedParameters) b.data.fill(0, offset, offset + p.size);
        else missing.push(name);
        b.ready++;
        this.readyParams.add(i);
      }
      if (missing.length === this.named.length) {
        throw new ValueError('DistributedDataParallel.synchronize: no parameter has a gradient; call backward() (outside noSync) first');
      }
      if (missing.length) {
        throw new ValueError(
          `DistributedDataParallel: ${missing.length} parameter(s) got no gradient in this step: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}; ` +
            'every rank waits for every gradient, so pass { findUnusedParameters: true } when a model does not use all its parameters in each step',
        );
      }
      this.launchReady();
      for (const b of this.buckets) await b.work?.wait();
      for (const b of this.buckets) {
        b.params.forEach((i, k) => {
          const p = this.named[i][1];
          p.grad = fromHost(p.value, b.data.subarray(b.offsets[k], b.offsets[k] + p.size), p.shape);
        });
      }
      if (this.options.broadcastBuffers ?? true) await this.broadcastState(false);
      this.stats.steps++;
      this.stats.allReducedBytes += this.buckets.reduce((n, b) => n + b.data.byteLength, 0);
    } finally {
      this.inSynchronize = false;
      this.stats.synchronizeMs += performance.now() - started;
      this.readyParams.clear();
      this.nextLaunch = 0;
      for (const b of this.buckets) {
        b.ready = 0;
        b.work = null;
      }
    }
  }

  /** Copies rank 0's parameters (with `params`) and buffers to every rank. */
  private async broadcastState(params: boolean): Promise<void> {
    const holders = [...(params ? this.named.map(([, p]) => p) : []), ...this.module.namedBuffers().map(([, b]) => b)];
    const works = holders.map((h) => this.group.broadcastAsync(h.value, 0));
    for (let i = 0; i < holders.length; i++) holders[i].assign(await works[i].wait());
  }

  /** Averages `values` over ranks (fit() uses it for epoch metrics). */
  async allReduceMetrics(values: Float64Array): Promise<Float64Array> {
    const out = Float64Array.from(values);
    await this.group.allReduceHost(out, 'sum').wait();
    return out;
  }

  /** Stops watching gradients and restores synchronized BatchNorm layers (the module stays usable on its own). */
  dispose(): void {
    this.offHook?.();
    this.offHook = null;
    this.restoreBatchNorm?.();
    this.restoreBatchNorm = null;
  }
}
