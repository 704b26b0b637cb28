import { BackendError, nodeBuiltin, ValueError } from '@dendrite/core';

/** How each worker thread rebuilds the dataset: `(await import(module))[exportName](...args)`. */
export interface WorkerSpec {
  /** Number of worker threads. */
  count: number;
  /** A module Node can import (file path or URL of a .js/.mjs file) that exports the dataset factory. */
  module: string | URL;
  /** The factory's export name (default 'createDataset'); it may be async. */
  exportName?: string;
  /** Structured-cloneable arguments for the factory. */
  args?: unknown[];
}

// Runs inside each worker (eval'd as CommonJS, so no separate bundled file is needed).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
function transferables(value, out, seen) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    // Only arrays owning their whole buffer: transferring a view would detach the dataset's own memory.
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return;
  }
  for (const v of Object.values(value)) transferables(v, out, seen);
}
(async () => {
  const mod = await import(workerData.module);
  const factory = mod[workerData.exportName];
  if (typeof factory !== 'function') throw new Error('module ' + workerData.module + ' has no function export ' + workerData.exportName);
  const ds = await factory(...workerData.args);
  parentPort.on('message', async ({ id, indices }) => {
    try {
      const items = [];
      for (const i of indices) items.push(await ds.get(i));
      const t = new Set();
      transferables(items, t, new Set());
      parentPort.postMessage({ id, items }, [...t]);
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.stack) || e) });
    }
  });
  parentPort.postMessage({ ready: true, length: ds.length });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

interface Pending {
  resolve: (items: unknown[]) => void;
  reject: (err: Error) => void;
}

type NodeWorker = import('node:worker_threads').Worker;

/**
 * A pool of Node worker threads that each hold a copy of a dataset and fetch
 * items by index (decoding and host-side augmentation run off the main
 * thread). Items come back by structured clone, with whole typed arrays
 * transferred, not copied. Node only.
 *
 * @example
 * ```ts
 * const pool = await WorkerPool.start({ count: 2, module: new URL('./my-dataset.mjs', import.meta.url) });
 * const items = await pool.fetch(Int32Array.of(0, 1, 2));
 * await pool.close();
 * ```
 */
export class WorkerPool {
  private next = 0;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;
  /** Requests in flight per worker: a worker is ref'd (keeps the process alive) only while it has some. */
  private readonly inFlight: number[];

  /**
   * Wraps started workers (use the static factory).
   * @param datasetLength - length of the dataset each worker built
   */
  private constructor(private readonly workers: NodeWorker[], readonly datasetLength: number) {
    this.inFlight = workers.map(() => 0);
  }

  /** Starts the workers and waits until each has built its dataset. */
  static async start(spec: WorkerSpec): Promise<WorkerPool> {
    if (!Number.isInteger(spec.count) || spec.count < 1) throw new ValueError(`DataLoader: workers.count must be a positive integer, got ${spec.count}`);
    const { Worker } = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads', 'WorkerPool');
    const { pathToFileURL } = nodeBuiltin<typeof import('node:url')>('node:url', 'WorkerPool');
    const module = spec.module instanceof URL ? spec.module.href : /^[a-z]+:/i.test(spec.module) ? spec.module : pathToFileURL(spec.module).href;
    const workerData = { module, exportName: spec.exportName ?? 'createDataset', args: spec.args ?? [] };
    const workers = Array.from({ length: spec.count }, () => new Worker(WORKER_SOURCE, { eval: true, workerData }));
    let lengths: number[];
    try {
      lengths = await Promise.all(workers.map((w) => WorkerPool.ready(w, module)));
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
    const pool = new WorkerPool(workers, lengths[0]);
    for (const w of workers) {
      w.on('message', (m) => pool.onMessage(m));
      w.on('error', (e) => pool.fail(e));
      w.unref(); // an idle pool must not keep the process alive
    }
    return pool;
  }

  private static ready(w: NodeWorker, module: string): Promise<number> {
    return new Promise((resolve, reject) => {
      w.once('message', (m: { ready?: boolean; length?: number; fatal?: string }) => {
        if (m.ready) resolve(m.length as number);
        else reject(new BackendError(`DataLoader worker: building the dataset from ${module} failed: ${m.fatal}`));
      });
      w.once('error', (e) => reject(new BackendError(`DataLoader worker: ${e.message}`)));
    });
  }

  private onMessage(m: { id: number; items?: unknown[]; error?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new BackendError(`DataLoader worker: dataset.get failed: ${m.error}`));
    else p.resolve(m.items as unknown[]);
  }

  private fail(e: Error): void {
    this.failure = new BackendError(`DataLoader worker crashed: ${e.message}`);
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  /** The items at `indices`, fetched by the next worker in turn. */
  fetch(indices: Int32Array): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const k = this.next++ % this.workers.length;
    const worker = this.workers[k];
    if (this.inFlight[k]++ === 0) worker.ref();
    return new Promise<unknown[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, indices: Array.from(indices) });
    }).finally(() => {
      if (--this.inFlight[k] === 0) worker.unref();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
