// Stand-alone GEMM tuning bench: compiles assembly/gemm.ts on its own (no
// package build, so block sizes can be tried in seconds) and times square
// products (NN, NT, TN) with 1 and 2 threads against tfjs-backend-wasm in
// the same process. Medians after warm-up. The package bench is kernels.mjs.
//   node bench/_gemm-tune.mjs [simd|relaxed] [sizes...]
// (The leading underscore keeps it out of `npm run bench`: it is a tuning tool.)
import { setFlagsFromString } from 'node:v8';
import { compileEntry } from './harness/compile.mjs';
import { createMiniRuntime } from './harness/mini-runtime.mjs';
import { median, timeIt } from './harness/timing.mjs';
import { tfjsMatmul } from './harness/tfjs.mjs';

// Node 20 runs relaxed SIMD only behind this flag; Node 22+ has it on.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const build = process.argv[2] ?? 'relaxed';
const sizes = process.argv.slice(3).map(Number);
if (sizes.length === 0) sizes.push(256, 512, 1024);
const paths = compileEntry('assembly/gemm.ts');

function check(rt, n, aPtr, bPtr, cPtr, transA, transB) {
  // Spot-check 64 random entries against float64 dot products.
  const A = rt.f32(aPtr, n * n), B = rt.f32(bPtr, n * n), C = rt.f32(cPtr, n * n);
  let worst = 0;
  for (let s = 0; s < 64; s++) {
    const i = (s * 7919) % n, j = (s * 104729) % n;
    let ref = 0;
    for (let p = 0; p < n; p++) ref += (transA ? A[p * n + i] : A[i * n + p]) * (transB ? B[j * n + p] : B[p * n + j]);
    worst = Math.max(worst, Math.abs(ref - C[i * n + j]) / (1 + Math.abs(ref)));
  }
  if (worst > 1e-4) throw new Error(`gemm ${n} transA=${transA} transB=${transB}: rel error ${worst}`);
}

for (const threads of [1, 2]) {
  const rt = await createMiniRuntime(paths[build], threads);
  const scratch = rt.malloc(rt.exports.gemmScratchBytes() * threads);
  const counter = rt.malloc(64);
  for (const n of sizes) {
    const a = rt.malloc(n * n * 4), b = rt.malloc(n * n * 4), c = rt.malloc(n * n * 4);
    rt.f32(a, n * n).forEach((_, i, arr) => { arr[i] = Math.random() - 0.5; });
    rt.f32(b, n * n).forEach((_, i, arr) => { arr[i] = Math.random() - 0.5; });
    const line = [`${build} threads=${threads} n=${n}`];
    for (const [label, tA, tB] of [['NN', false, false], ['NT', false, true], ['TN', true, false]]) {
      const args = [1, n, n, n, a, tA ? 1 : n, tA ? n : 1, b, tB ? 1 : n, tB ? n : 1, c, n, 0, 0, scratch, counter];
      const run = () => {
        new Int32Array(rt.memory.buffer, counter, 1)[0] = 0; // threads claim work items from it
        rt.parallel('gemmBatched', args);
      };
      const ms = median(timeIt(run, n >= 1024 ? 8 : 20));
      check(rt, n, a, b, c, tA, tB);
      line.push(`${label} ${(2 * n ** 3 / ms / 1e6).toFixed(1)} GF/s`);
    }
    const ms = await tfjsMatmul(n, threads);
    line.push(`tfjs-wasm NN ${(2 * n ** 3 / ms / 1e6).toFixed(1)} GF/s`);
    console.log(line.join(' | '));
  }
  await rt.close();
}
process.exit(0);
