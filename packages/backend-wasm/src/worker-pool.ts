import { BackendError, ValueError } from '@dendrite/core';
import { ARGS_BYTE_OFFSET, CONTROL_BYTES, ERR, FN, GEN, MAX_ARGS, NARGS, NTH, PENDING } from './control.js';
import { canBlock, startWorker, type WorkerHandle } from './platform.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Spins before sleeping while waiting for workers: most kernel shares finish within microseconds of each other. */
const SPIN = 20000;

/**
 * Workers that run kernel shares over one shared memory. The main thread is
 * thread 0; worker i is thread i + 1. Jobs run one at a time: `run` returns
 * when every thread has finished its share.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool(module, memory, ['unary', 'binary']);
 * await pool.resize(2);
 * pool.run(0, [0, 0, 1024, 2048, 100, 0], (tid, nth) => exports.unary(0, 0, 1024, 2048, 100, 0, tid, nth));
 * ```
 */
export class WorkerPool {
  private workers: WorkerHandle[] = [];
  // Shared where workers can run; with one thread (no SharedArrayBuffer in a page without COOP/COEP) no worker reads it.
  private readonly control = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(CONTROL_BYTES) : new ArrayBuffer(CONTROL_BYTES);
  private readonly ctl = new Int32Array(this.control);
  private readonly argv = new Float64Array(this.control, ARGS_BYTE_OFFSET);
  private readonly blocking = canBlock();
  private resizing: Promise<void> = Promise.resolve();

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    /** Kernel export names; jobs refer to them by index. */
    private readonly names: readonly string[],
  ) {}

  /** Threads of the next job (main thread included). */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Starts or stops workers so that `threads` becomes `n` (resizes queue behind each other). */
  resize(n: number): Promise<void> {
    if (!Number.isInteger(n) || n < 1) return Promise.reject(new ValueError(`setThreads: 'n' must be an integer ≥ 1, got ${n}`));
    const next = this.resizing.then(() => (n > this.threads ? this.grow(n) : this.shrink(n)));
    this.resizing = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs one job: export `fn` (an index into `names`) with `args` on every
   * worker, and `main(0, threads)` on this thread, then waits for all.
   */
  run(fn: number, args: readonly number[], main: (tid: number, nth: number) => void): void {
    if (args.length > MAX_ARGS) throw new BackendError(`wasm parallel: ${args.length} arguments exceed the ${MAX_ARGS} a job can carry`);
    const nth = this.threads;
    this.argv.set(args);
    this.post(fn, args.length, nth);
    let failure: unknown = null;
    try {
      main(0, nth);
    } catch (e) {
      failure = e;
    }
    this.join();
    if (failure !== null) throw failure;
    if (Atomics.exchange(this.ctl, ERR, 0) !== 0) throw new BackendError(`wasm parallel: kernel '${this.names[fn]}' failed on a worker thread`);
  }

  /** Stops every worker. */
  dispose(): void {
    if (this.workers.length > 0) this.stopFrom(1);
  }

  private post(fn: number, nargs: number, nth: number): void {
    const c = this.ctl;
    Atomics.store(c, FN, fn);
    Atomics.store(c, NARGS, nargs);
    Atomics.store(c, NTH, nth);
    Atomics.store(c, PENDING, this.workers.length);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
  }

  private join(): void {
    const c = this.ctl;
    for (let i = 0; ; i++) {
      const left = Atomics.load(c, PENDING);
      if (left === 0) return;
      if (this.blocking && i > SPIN) Atomics.wait(c, PENDING, left, 10);
    }
  }

  /** Stops workers with tid ≥ n through a job they all see (no kernel), then drops them. */
  private stopFrom(n: number): void {
    this.post(-1, 0, n);
    this.join();
    for (const w of this.workers.slice(n - 1)) w.terminate();
    this.workers = this.workers.slice(0, n - 1);
  }

  private async shrink(n: number): Promise<void> {
    if (n < this.threads) this.stopFrom(n);
  }

  private async grow(n: number): Promise<void> {
    const first = this.threads;
    const fresh: WorkerHandle[] = [];
    try {
      const ready: Promise<void>[] = [];
      for (let tid = first; tid < n; tid++) {
        const w = startWorker(WORKER_SOURCE, `dendrite-wasm-${tid}`);
        fresh.push(w);
        ready.push(
          new Promise<void>((resolve, reject) => {
            w.onMessage((m) => (m.type === 'ready' ? resolve() : reject(new BackendError(`wasm worker ${tid} failed to start: ${m.message}`))));
            w.onError((e) => reject(new BackendError(`wasm worker ${tid} failed: ${e.message}`)));
          }),
        );
        w.post({ type: 'init', module: this.module, memory: this.memory, control: this.control, names: this.names, tid });
      }
      await Promise.all(ready);
    } catch (e) {
      for (const w of fresh) w.terminate();
      throw e;
    }
    // Between jobs (we are on the main thread): each worker starts from the current generation.
    const gen = Atomics.load(this.ctl, GEN);
    for (const w of fresh) {
      w.post({ type: 'start', gen });
      // Kernels run synchronously from the main thread (Atomics), so an idle worker needs no event-loop reference.
      w.release();
    }
    this.workers.push(...fresh);
  }
}
