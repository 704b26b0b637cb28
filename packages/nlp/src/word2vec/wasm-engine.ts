// The WASM engine: the negative-sampling update (assembly/sgns.ts, SIMD128)
// on float32 tables in one shared WebAssembly.Memory. One thread runs it on
// the calling thread (deterministic); more threads run it in Node
// worker_threads on disjoint slices of each batch while the main thread draws
// the next batch (Hogwild updates, as word2vec.c and gensim: fast, not
// bit-reproducible).
import { nodeBuiltin, ValueError } from '@dendrite/core';
import { SGNS_WASM_BASE64 } from '../generated/sgns-wasm.js';
import type { ExampleBatch } from './examples.js';

type StepFn = (wIn: number, wOut: number, dim: number, inputs: number, width: number, targets: number, nt: number, lrs: number, from: number, to: number, scratch: number) => void;

let compiled: WebAssembly.Module | null = null;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Whether this platform runs the WASM engine (WebAssembly SIMD and shared memory).
 *
 * @example
 * ```ts
 * if (wasmEngineAvailable()) console.log('fast word2vec');
 * ```
 */
export function wasmEngineAvailable(): boolean {
  try {
    if (typeof SharedArrayBuffer === 'undefined' || typeof WebAssembly === 'undefined') return false;
    compiled ??= new WebAssembly.Module(decodeBase64(SGNS_WASM_BASE64) as BufferSource);
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

// Worker source: instantiates the module on the shared memory and runs slices on request.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const inst = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
parentPort.on('message', (a) => { inst.exports.sgnsStep(...a); parentPort.postMessage(0); });
`;

interface Region {
  inputs: number;
  targets: number;
  lrs: number;
}

type NodeWorker = { postMessage(v: unknown): void; once(ev: string, fn: (v: unknown) => void): void; terminate(): Promise<number> };

/**
 * Tables and batch buffers in a shared memory, and the threads that train on them.
 *
 * @example
 * ```ts
 * const eng = await WasmEngine.create(V, dim, width, negative + 1, capacity, 2);
 * eng.setTables(wIn, wOut); await eng.run(batch); eng.readTables();
 * ```
 */
export class WasmEngine {
  private readonly memory: WebAssembly.Memory;
  private readonly step: StepFn;
  private readonly wIn: number;
  private readonly wOut: number;
  private readonly regions: Region[];
  private readonly scratch: number[];
  private workers: NodeWorker[] = [];
  private next = 0;
  private pending: Promise<void> | null = null;

  private constructor(
    readonly vocab: number,
    readonly dim: number,
    readonly width: number,
    readonly nt: number,
    readonly capacity: number,
    readonly threads: number,
  ) {
    if (!wasmEngineAvailable()) throw new ValueError('trainWord2Vec: the wasm engine needs WebAssembly SIMD and SharedArrayBuffer (use engine "host")');
    const align = (n: number) => Math.ceil(n / 16) * 16;
    let at = 65536; // page 0 is the module's own (stub runtime, no static data)
    const take = (bytes: number) => {
      const p = at;
      at += align(bytes);
      return p;
    };
    this.wIn = take(vocab * dim * 4);
    this.wOut = take(vocab * dim * 4);
    this.regions = [0, 1].map(() => ({ inputs: take(capacity * width * 4), targets: take(capacity * nt * 4), lrs: take(capacity * 4) }));
    this.scratch = Array.from({ length: Math.max(1, threads) }, () => take((2 * dim + nt) * 4));
    const pages = Math.ceil(at / 65536);
    if (pages > 65536) throw new ValueError(`trainWord2Vec: ${vocab} words × ${dim} dims need ${(at / 2 ** 30).toFixed(1)} GiB, over wasm32's 4 GiB`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
    const inst = new WebAssembly.Instance(compiled!, { env: { memory: this.memory } });
    this.step = inst.exports.sgnsStep as StepFn;
  }

  /** Creates the engine; `threads` > 1 starts Node worker threads (elsewhere it runs on 1). */
  static async create(vocab: number, dim: number, width: number, nt: number, capacity: number, threads: number): Promise<WasmEngine> {
    let useThreads = threads;
    let Worker: (new (src: string, o: unknown) => NodeWorker) | null = null;
    if (threads > 1) {
      try {
        Worker = nodeBuiltin<{ Worker: new (src: string, o: unknown) => NodeWorker }>('node:worker_threads', 'trainWord2Vec').Worker;
      } catch {
        useThreads = 1;
      }
    }
    const eng = new WasmEngine(vocab, dim, width, nt, capacity, useThreads);
    if (Worker && useThreads > 1) {
      eng.workers = Array.from({ length: useThreads }, () => new Worker!(WORKER_SOURCE, { eval: true, workerData: { module: compiled, memory: eng.memory } }));
    }
    return eng;
  }

  private f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  setTables(wIn: Float32Array, wOut: Float32Array): void {
    this.f32(this.wIn, wIn.length).set(wIn);
    this.f32(this.wOut, wOut.length).set(wOut);
  }

  /** Copies the tables out. */
  readTables(): [Float32Array, Float32Array] {
    const n = this.vocab * this.dim;
    return [this.f32(this.wIn, n).slice(), this.f32(this.wOut, n).slice()];
  }

  /**
   * Trains on `batch`. With workers, returns once the batch is copied in and
   * dispatched (the previous batch finished first), so the caller can draw
   * the next batch meanwhile; `flush()` waits for the last one.
   */
  async run(batch: ExampleBatch): Promise<void> {
    if (batch.count > this.capacity) throw new ValueError(`WasmEngine: batch of ${batch.count} examples exceeds capacity ${this.capacity}`);
    if (this.pending) await this.pending;
    const r = this.regions[this.next];
    this.next ^= 1;
    new Int32Array(this.memory.buffer, r.inputs, batch.count * this.width).set(batch.inputs.subarray(0, batch.count * this.width));
    new Int32Array(this.memory.buffer, r.targets, batch.count * this.nt).set(batch.targets.subarray(0, batch.count * this.nt));
    this.f32(r.lrs, batch.count).set(batch.lr.subarray(0, batch.count));
    if (this.workers.length === 0) {
      this.step(this.wIn, this.wOut, this.dim, r.inputs, this.width, r.targets, this.nt, r.lrs, 0, batch.count, this.scratch[0]);
      return;
    }
    const n = this.workers.length;
    const per = Math.ceil(batch.count / n);
    this.pending = Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<void>((resolve) => {
            w.once('message', () => resolve());
            w.postMessage([this.wIn, this.wOut, this.dim, r.inputs, this.width, r.targets, this.nt, r.lrs, Math.min(batch.count, i * per), Math.min(batch.count, (i + 1) * per), this.scratch[i]]);
          }),
      ),
    ).then(() => undefined);
  }

  async flush(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
  }

  async dispose(): Promise<void> {
    await this.flush();
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
