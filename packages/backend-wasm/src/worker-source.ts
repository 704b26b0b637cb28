import { ARGS_BYTE_OFFSET, ERR, FN, GEN, NARGS, NTH, PENDING } from './control.js';

/**
 * The worker's program, as source text so that it needs no separate file:
 * Node runs it with `new Worker(src, { eval: true })`, browsers from a Blob
 * URL. It instantiates the kernel module on the shared memory, then loops:
 * wait for a new job generation, run its share (tid) of the kernel, count
 * itself done. Its first message carries the generation to start from, so a
 * job that began before it joined is never run twice.
 */
export const WORKER_SOURCE = `
'use strict';
const isNode = typeof self === 'undefined';
// getBuiltinModule, not require: the eval'd source may run as ESM (--input-type=module is inherited).
const port = isNode ? process.getBuiltinModule('node:worker_threads').parentPort : self;
const on = (fn) => isNode ? port.on('message', fn) : (self.onmessage = (e) => fn(e.data));
let init = null;
on((msg) => {
  if (msg.type === 'init') {
    init = msg;
    WebAssembly.instantiate(msg.module, { env: { memory: msg.memory } }).then(
      (instance) => { init.instance = instance; port.postMessage({ type: 'ready' }); },
      (err) => port.postMessage({ type: 'error', message: String(err && err.message || err) }),
    );
  } else if (msg.type === 'start') {
    loop(init, msg.gen);
  }
});
function loop(init, gen) {
  const c = new Int32Array(init.control);
  const argv = new Float64Array(init.control, ${ARGS_BYTE_OFFSET});
  const fns = init.names.map((n) => init.instance.exports[n]);
  const tid = init.tid;
  for (;;) {
    // Spin a little before sleeping: a job often follows the previous one closely.
    for (let i = 0; i < 4000 && Atomics.load(c, ${GEN}) === gen; i++);
    Atomics.wait(c, ${GEN}, gen);
    const now = Atomics.load(c, ${GEN});
    if (now === gen) continue;
    gen = now;
    const nth = Atomics.load(c, ${NTH});
    const fn = Atomics.load(c, ${FN});
    if (tid < nth && fn >= 0) {
      try {
        const args = Array.from(argv.subarray(0, Atomics.load(c, ${NARGS})));
        args.push(tid, nth);
        fns[fn].apply(null, args);
      } catch (e) {
        Atomics.store(c, ${ERR}, 1);
      }
    }
    if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
    if (tid >= nth) break;
  }
  if (isNode) port.close(); else self.close();
}
`;
