// WebGPU bench: Dendrite's webgpu backend against tfjs-backend-webgpu 4.22 on
// the same adapter in the same process (Dawn's navigator.gpu from the `webgpu`
// package). Rows: square matmuls in GFLOP/s; conv2d 32x32x28x28 * 64x32x3x3
// (pad 1) forward and forward + both gradients in ms; one SGD step of an MLP
// 784-128-10 on a batch of 128 in ms. Medians after warm-up, each run timed
// until the device is idle. Uses the built packages: run `npm run bench`
// (builds first), or `node packages/backend-webgpu/bench/webgpu.mjs [--quick]`
// after `npm run build`.
import { parseArgs } from 'node:util';
import { installNavigatorGPU } from './harness/gpu.mjs';
import { CONV, MATMUL_SIZES, MLP, matmulFlops } from './harness/shapes.mjs';
import { medianMs } from './harness/timing.mjs';

const { values: opts } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const timing = opts.quick ? { warmup: 1, minRuns: 3, maxRuns: 3 } : {};

installNavigatorGPU();
const { openDendrite } = await import('./harness/dendrite.mjs');
const { openTfjs } = await import('./harness/tfjs.mjs');

let dendrite;
try {
  dendrite = await openDendrite();
} catch (err) {
  // No adapter is a reason to skip, not a failure of the bench run.
  console.log(`SKIPPED: Dendrite's webgpu backend has no device here: ${err.message}`);
  process.exit(0);
}
const tfjs = await openTfjs();

console.log(`Dendrite: ${dendrite.description}`);
console.log(`tfjs:     ${tfjs.reason ? `not run: ${tfjs.reason}` : tfjs.description}`);
const cpuDriver = /llvmpipe|lavapipe|swiftshader/i.test(`${dendrite.description} ${tfjs.description ?? ''}`);
const cpuNote = 'NOTE: this adapter is a CPU Vulkan driver (lavapipe/SwiftShader): these timings measure the driver on the CPU, not a GPU.';
if (cpuDriver) console.log(cpuNote);

/** Median ms of one library's workload (null when that library is not running). */
async function measure(lib, make) {
  if (lib.reason) return null;
  const w = make(lib);
  try {
    return await medianMs(w.run, timing);
  } finally {
    w.dispose();
  }
}

const rows = [];
const sizes = opts.quick ? MATMUL_SIZES.slice(0, 1) : MATMUL_SIZES;
for (const n of sizes) {
  const [d, t] = [await measure(dendrite, (l) => l.matmul(n)), await measure(tfjs, (l) => l.matmul(n))];
  const gflops = (ms) => (ms === null ? null : matmulFlops(n) / ms / 1e6);
  rows.push({ name: `matmul ${n}x${n}x${n}`, unit: 'GFLOP/s', d: gflops(d), t: gflops(t), higherIsBetter: true });
}
const conv = `${CONV.n}x${CONV.c}x${CONV.h}x${CONV.w} * ${CONV.cout}x${CONV.c}x${CONV.k}x${CONV.k}`;
const timed = [
  [`conv2d ${conv} forward`, (l) => l.convForward()],
  [`conv2d ${conv} fwd+bwd`, (l) => l.convForwardBackward()],
  [`MLP ${MLP.inputs}-${MLP.hidden}-${MLP.classes} b${MLP.batch} SGD step`, (l) => l.mlpStep()],
];
for (const [name, make] of timed) {
  rows.push({ name, unit: 'ms', d: await measure(dendrite, make), t: await measure(tfjs, make), higherIsBetter: false });
}

// float16 (shader-f16): Dendrite against its own float32 rows (tfjs-webgpu has no float16).
const halfRows = [];
if (dendrite.float16) {
  for (const n of sizes) {
    const full = rows.find((r) => r.name === `matmul ${n}x${n}x${n}`).d;
    const ms = await measure(dendrite, (l) => l.matmul(n, 'float16'));
    halfRows.push({ name: `matmul ${n}x${n}x${n} float16`, gflops: matmulFlops(n) / ms / 1e6, full });
  }
}

const fmt = (v) => (v === null ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const pad = (s, n) => String(s).padStart(n);
console.log(`\n${'row'.padEnd(48)}${pad('unit', 9)}${pad('Dendrite', 11)}${pad('tfjs', 11)}${pad('Dendrite vs tfjs', 18)}`);
for (const r of rows) {
  // Ratio > 1 means Dendrite is faster, whichever the unit.
  const ratio = r.d === null || r.t === null ? 'n/a' : `${(r.higherIsBetter ? r.d / r.t : r.t / r.d).toFixed(2)}x`;
  console.log(`${r.name.padEnd(48)}${pad(r.unit, 9)}${pad(fmt(r.d), 11)}${pad(r.t === null ? 'not run' : fmt(r.t), 11)}${pad(ratio, 18)}`);
}
console.log('(ratio > 1: Dendrite faster; conv2d in each library\'s layout: Dendrite NCHW/OIHW, tfjs NHWC/HWIO)');
if (halfRows.length) {
  console.log(`\n${'float16 row (tfjs has no float16)'.padEnd(48)}${pad('unit', 9)}${pad('float16', 11)}${pad('float32', 11)}${pad('f16 vs f32', 18)}`);
  for (const r of halfRows) console.log(`${r.name.padEnd(48)}${pad('GFLOP/s', 9)}${pad(fmt(r.gflops), 11)}${pad(fmt(r.full), 11)}${pad(`${(r.gflops / r.full).toFixed(2)}x`, 18)}`);
} else {
  console.log(`\nfloat16 rows not run: the adapter has no 'shader-f16'`);
}
if (cpuDriver) console.log(cpuNote);
// Dawn's instance keeps the event loop alive; the numbers are printed, so leave.
process.exit(0);
