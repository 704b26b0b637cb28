// Worker side of mini-runtime.mjs: waits for a new generation, runs the named
// export with (args..., tid, threads), then counts itself done.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, ctrlSab, names, tid, threads } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error('abort'); } } });
const ctrl = new Int32Array(ctrlSab);
const args = new Float64Array(ctrlSab, 32);
// Read the generation before saying ready: the main thread may start one as soon as it hears 'ready'.
let seen = Atomics.load(ctrl, 0);
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  const fn = instance.exports[names[ctrl[2]]];
  const list = Array.from(args.subarray(0, ctrl[3]));
  fn(...list, tid, threads);
  if (Atomics.sub(ctrl, 1, 1) === 1) Atomics.notify(ctrl, 1);
}
