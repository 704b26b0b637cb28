// Per-layer time of a zoo model's inference (default resnet18, batch 1,
// 224x224) on the wasm backend: wraps the forward of each residual block and
// of each top-level layer (stem conv/bn/relu, pooling, fc) with a timer,
// runs the forward several times and keeps each part's fastest time (the
// machine may be shared: the minimum is the least disturbed). Blocks, not
// their convolutions, are wrapped: a wrapped conv or batch norm would run
// unfolded (see convBatchNorm), which is not the inference path. Per conv
// shape throughput is in cnn-inference.mjs.
// Env: DENDRITE_THREADS (default 2), DENDRITE_PROFILE_MODEL (default resnet18), DENDRITE_PROFILE_BATCH (default 1), DENDRITE_PROFILE_RUNS (default 8).
import { setFlagsFromString } from 'node:v8';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { ZOO } from '@dendrite/models';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const threads = Number(process.env.DENDRITE_THREADS ?? 2);
const name = process.env.DENDRITE_PROFILE_MODEL ?? 'resnet18';
const batch = Number(process.env.DENDRITE_PROFILE_BATCH ?? 1);
const runs = Number(process.env.DENDRITE_PROFILE_RUNS ?? 8);
d.registerBackend('wasm', () => createWasmBackend({ threads }), { priority: 10 });
await d.setBackend('wasm');

const model = ZOO[name].create();
model.eval();
const x = d.randn([batch, 3, 224, 224]);
let layers = [];
let depth = 0;
function timed(label, fn) {
  return function (...args) {
    if (depth > 0) return fn.apply(this, args);
    depth++;
    const t0 = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      layers.push({ label: typeof label === 'function' ? label(this, args) : label, ms: performance.now() - t0 });
      depth--;
    }
  };
}
const describe = (m, [xin]) => `${m.constructor.name} ${xin?.shape ? `[${xin.shape.slice(1).join(', ')}]` : ''}`;
for (const [path, m] of model.namedModules()) {
  const depth = path ? path.split('.').length : 0;
  const isBlock = depth === 2 && /^layer\d/.test(path);
  const isTop = depth === 1 && !/^layer\d/.test(path);
  if (!isBlock && !isTop) continue;
  // The stem's conv/bn/relu stay unwrapped so they fold; their time is in 'rest' below.
  if (isTop && ['Conv2d', 'BatchNorm2d', 'ReLU'].includes(m.constructor.name)) continue;
  m.forward = timed((mod, args) => `${path.replace(/\.\d+$/, '.*')} ${describe(mod, args)}`, m.forward.bind(m));
}
const total = [];
let best = null;
for (let r = 0; r < runs; r++) {
  layers = [];
  const t0 = performance.now();
  const y = d.noGrad(() => model.forward(x));
  y.dataSync();
  total.push(performance.now() - t0);
  y.dispose();
  if (!best) best = layers.map((l) => ({ ...l }));
  else layers.forEach((l, i) => (best[i].ms = Math.min(best[i].ms, l.ms)));
}
const byKind = new Map();
for (const l of best) {
  const k = byKind.get(l.label) ?? { n: 0, ms: 0 };
  k.n++;
  k.ms += l.ms;
  byKind.set(l.label, k);
}
const sum = best.reduce((a, l) => a + l.ms, 0);
const whole = Math.max(Math.min(...total), sum);
console.log(`${name} batch ${batch}, ${threads} threads: forward min ${Math.min(...total).toFixed(1)} ms (runs: ${total.map((t) => t.toFixed(0)).join(' ')}); sum of per-layer minima ${sum.toFixed(1)} ms`);
byKind.set('rest (stem conv+bn+relu, glue)', { n: 1, ms: Math.max(0, Math.min(...total) - sum) });
for (const [label, k] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`  ${label.padEnd(36)} x${String(k.n).padEnd(3)} ${k.ms.toFixed(2).padStart(8)} ms  ${((k.ms / whole) * 100).toFixed(1).padStart(5)}%`);
}
