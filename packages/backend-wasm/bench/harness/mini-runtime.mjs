// A minimal stand-alone runtime for tuning kernels on their own: compiles
// nothing, just instantiates a given .wasm on one shared memory in the main
// thread plus (threads - 1) workers, with a bump allocator and a blocking
// parallel() built on Atomics. The package's real runtime (src/runtime.ts)
// does the same job for the backend; this copy lets the kernel benches run
// against a raw module compiled from a few assembly files.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const CTRL_WORDS = 64; // [0] generation, [1] pending, [2] function index, [3] argc; args as f64 from word 8

/**
 * @param {string} wasmPath compiled module (imports env.memory, shared)
 * @param {number} threads total threads including the main one
 */
export async function createMiniRuntime(wasmPath, threads) {
  const bytes = readFileSync(wasmPath);
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: 1024, maximum: 16384, shared: true });
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort: () => { throw new Error('abort'); } } });
  const names = Object.keys(instance.exports).filter((n) => typeof instance.exports[n] === 'function');
  const ctrlSab = new SharedArrayBuffer(CTRL_WORDS * 4);
  const ctrl = new Int32Array(ctrlSab);
  const args = new Float64Array(ctrlSab, 32);
  const workers = [];
  for (let t = 1; t < threads; t++) {
    const w = new Worker(new URL('./mini-worker.mjs', import.meta.url), { workerData: { module, memory, ctrlSab, names, tid: t, threads } });
    workers.push(w);
  }
  await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));

  let heap = 1 << 20;
  return {
    exports: instance.exports,
    memory,
    threads,
    malloc(n) {
      const p = heap;
      heap = (heap + n + 63) & ~63;
      const need = Math.ceil(heap / 65536) - memory.buffer.byteLength / 65536;
      if (need > 0) memory.grow(need);
      return p;
    },
    f32(ptr, len) { return new Float32Array(memory.buffer, ptr, len); },
    parallel(name, list) {
      const fn = instance.exports[name];
      if (threads === 1) { fn(...list, 0, 1); return; }
      ctrl[2] = names.indexOf(name);
      ctrl[3] = list.length;
      for (let i = 0; i < list.length; i++) args[i] = list[i];
      Atomics.store(ctrl, 1, threads - 1);
      Atomics.add(ctrl, 0, 1);
      Atomics.notify(ctrl, 0);
      fn(...list, 0, threads);
      for (;;) {
        const left = Atomics.load(ctrl, 1);
        if (left === 0) break;
        Atomics.wait(ctrl, 1, left);
      }
    },
    async close() { await Promise.all(workers.map((w) => w.terminate())); },
  };
}
