// The MPI process group: collectives run on the binding's communication
// thread in the order they were called, so computation continues while they
// run. Tensors are staged through host memory (staging.ts).
import { ShapeError, sizeOf, type Tensor, ValueError } from '@dendrite/core';
import { DTYPE, KIND, type NativeAddon, type NativeWorld, OP } from './native.js';
import type { HostArray, ProcessGroup, ReduceOp, Work } from './process-group.js';
import { checkReduce, fromHost, hostCopy } from './staging.js';
import { toWork } from './work.js';

function dtypeCode(a: HostArray): number {
  if (a instanceof Float32Array) return DTYPE.float32;
  if (a instanceof Float64Array) return DTYPE.float64;
  if (a instanceof Int32Array) return DTYPE.int32;
  if (a instanceof Uint8Array) return DTYPE.uint8;
  throw new ValueError('process group: host data must be a Float32Array, Float64Array, Int32Array or Uint8Array');
}

/**
 * A process group over MPI_COMM_WORLD. Create it with `initProcessGroup({ backend: 'mpi' })`.
 *
 * @example
 * ```ts
 * const group = await initProcessGroup({ backend: 'mpi' });
 * const sum = await group.allReduce(tensor([1, 2, 3]), 'sum'); // [N, 2N, 3N] on N ranks
 * ```
 */
export class MpiProcessGroup implements ProcessGroup {
  readonly backend = 'mpi';
  readonly rank: number;
  readonly worldSize: number;
  readonly localRank: number;
  readonly localSize: number;
  /** The MPI library's version line, e.g. "Open MPI v4.1.4". */
  readonly library: string;
  private destroyed = false;
  /** The last submission still waiting for an asynchronous host read; later ones queue behind it to keep call order. */
  private tail: Promise<void> | null = null;

  /** @internal use initProcessGroup(). */
  constructor(
    private readonly addon: NativeAddon,
    world: NativeWorld,
  ) {
    this.rank = world.rank;
    this.worldSize = world.size;
    this.localRank = world.localRank;
    this.localSize = world.localSize;
    this.library = world.library;
  }

  private check(name: string): void {
    if (this.destroyed) throw new ValueError(`${name}: the process group was destroyed`);
  }

  private submit(kind: number, op: number, root: number, send: HostArray | null, recv: HostArray | null, count: number): Promise<void> {
    if (count > 0x7fffffff) throw new ValueError(`process group: ${count} elements exceed MPI's count limit (2^31 - 1); split the tensor`);
    const code = dtypeCode((recv ?? send) as HostArray);
    return this.addon.submit(kind, code, op, root, send, recv, count);
  }

  /** Runs `run` with the staged host data, now when it is ready and nothing is queued ahead, else in order after the queue. */
  private ordered<T>(staged: HostArray | Promise<HostArray>, run: (data: HostArray) => Promise<T>): Promise<T> {
    if (!(staged instanceof Promise) && this.tail === null) return run(staged);
    const prev = this.tail ?? Promise.resolve();
    let submitted!: () => void;
    const mine = new Promise<void>((resolve) => {
      submitted = resolve;
    });
    this.tail = mine;
    void mine.then(() => {
      if (this.tail === mine) this.tail = null;
    });
    return prev.then(async () => {
      try {
        const data = await staged;
        const p = run(data);
        submitted();
        return await p;
      } finally {
        submitted();
      }
    });
  }

  allReduceHost(data: HostArray, op: ReduceOp = 'sum'): Work<void> {
    this.check('allReduce');
    return toWork(this.ordered(data, (d) => this.submit(KIND.allReduce, OP[op], 0, null, d, d.length)));
  }

  allReduceHostSync(data: HostArray, op: ReduceOp = 'sum'): void {
    this.check('allReduce');
    // A submission still waiting for an asynchronous host read would go out after this one: another order than the other ranks'.
    if (this.tail !== null) throw new ValueError('allReduceHostSync: an asynchronous collective is still waiting for its tensor to be read; await it first');
    if (data.length > 0x7fffffff) throw new ValueError(`process group: ${data.length} elements exceed MPI's count limit (2^31 - 1)`);
    this.addon.submitSync(KIND.allReduce, dtypeCode(data), OP[op], 0, null, data, data.length);
  }

  broadcastHost(data: HostArray, root = 0): Work<void> {
    this.check('broadcast');
    this.checkRoot(root, 'broadcast');
    return toWork(this.ordered(data, (d) => this.submit(KIND.broadcast, 0, root, null, d, d.length)));
  }

  allGatherHost(data: HostArray, out: HostArray): Work<void> {
    this.check('allGather');
    if (out.length !== data.length * this.worldSize || out.constructor !== data.constructor) {
      throw new ShapeError(`allGather: the output must be a ${data.constructor.name} of ${data.length * this.worldSize} elements (worldSize × ${data.length}), got a ${out.constructor.name} of ${out.length}`);
    }
    return toWork(this.ordered(data, (d) => this.submit(KIND.allGather, 0, 0, d, out, d.length)));
  }

  private checkRoot(root: number, name: string): void {
    if (!Number.isInteger(root) || root < 0 || root >= this.worldSize) throw new ValueError(`${name}: root must be a rank in [0, ${this.worldSize - 1}], got ${root}`);
  }

  allReduceAsync(t: Tensor, op: ReduceOp = 'sum'): Work<Tensor> {
    this.check('allReduce');
    checkReduce(t, op, 'allReduce');
    const shape = t.shape.slice();
    return toWork(
      this.ordered(hostCopy(t, 'allReduce'), async (d) => {
        await this.submit(KIND.allReduce, OP[op], 0, null, d, d.length);
        return fromHost(t, d, shape);
      }),
    );
  }

  allReduce(t: Tensor, op: ReduceOp = 'sum'): Promise<Tensor> {
    return this.allReduceAsync(t, op).wait();
  }

  broadcastAsync(t: Tensor, root = 0): Work<Tensor> {
    this.check('broadcast');
    this.checkRoot(root, 'broadcast');
    const shape = t.shape.slice();
    return toWork(
      this.ordered(hostCopy(t, 'broadcast'), async (d) => {
        await this.submit(KIND.broadcast, 0, root, null, d, d.length);
        return fromHost(t, d, shape);
      }),
    );
  }

  broadcast(t: Tensor, root = 0): Promise<Tensor> {
    return this.broadcastAsync(t, root).wait();
  }

  allGatherAsync(t: Tensor): Work<Tensor> {
    this.check('allGather');
    const shape = [this.worldSize, ...t.shape];
    return toWork(
      this.ordered(hostCopy(t, 'allGather'), async (d) => {
        const out = new (d.constructor as new (n: number) => HostArray)(d.length * this.worldSize);
        await this.submit(KIND.allGather, 0, 0, d, out, d.length);
        return fromHost(t, out, shape);
      }),
    );
  }

  allGather(t: Tensor): Promise<Tensor> {
    return this.allGatherAsync(t).wait();
  }

  reduceScatterAsync(t: Tensor, op: ReduceOp = 'sum'): Work<Tensor> {
    this.check('reduceScatter');
    checkReduce(t, op, 'reduceScatter');
    if (t.rank === 0 || t.shape[0] % this.worldSize !== 0) {
      throw new ShapeError(`reduceScatter: the first dimension must be divisible by the world size ${this.worldSize}, got shape [${t.shape.join(', ')}]`);
    }
    const shape = [t.shape[0] / this.worldSize, ...t.shape.slice(1)];
    const count = sizeOf(shape);
    return toWork(
      this.ordered(hostCopy(t, 'reduceScatter'), async (d) => {
        const out = new (d.constructor as new (n: number) => HostArray)(count);
        await this.submit(KIND.reduceScatter, OP[op], 0, d, out, count);
        return fromHost(t, out, shape);
      }),
    );
  }

  reduceScatter(t: Tensor, op: ReduceOp = 'sum'): Promise<Tensor> {
    return this.reduceScatterAsync(t, op).wait();
  }

  barrierAsync(): Work<void> {
    this.check('barrier');
    return toWork(this.ordered(new Uint8Array(0), () => this.addon.submit(KIND.barrier, DTYPE.uint8, 0, 0, null, null, 0)));
  }

  barrier(): Promise<void> {
    return this.barrierAsync().wait();
  }

  abort(message: string): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.addon.fail(message);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    // Queued submissions still waiting for a host read go out first.
    await this.tail;
    this.destroyNow();
  }

  /** @internal destroy() without waiting for queued host reads: the process 'exit' hook cannot wait. */
  destroyNow(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.addon.finalize();
  }

  /** @internal whether destroy() or abort() ran. */
  get isDestroyed(): boolean {
    return this.destroyed;
  }
}
