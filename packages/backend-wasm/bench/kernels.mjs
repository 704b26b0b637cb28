// Kernel benchmark: Dendrite's wasm GEMM and convolution against
// tfjs-backend-wasm 4.22 in the same process. Prints GFLOP/s of square
// matmuls (NN, NT, TN) and milliseconds of conv2d forward, forward + input
// gradient, and forward + both gradients (regular and depthwise convs);
// medians after warm-up.
//
//   node bench/kernels.mjs [--threads 2] [--build auto|simd128|relaxed-simd] [--quick]
//
// The package sources are bundled on the fly with esbuild (no build step).
// Kernel code needs only core's errors and shape helpers, so '@dendrite/core'
// resolves to those two files: the bench runs whatever state the rest of core is in.
import { setFlagsFromString } from 'node:v8';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { median, timeIt } from './harness/timing.mjs';
import { tfjsConv, tfjsDepthwise, tfjsMatmul } from './harness/tfjs.mjs';

// Node 20 runs relaxed SIMD (FMA) only behind this flag; Node 22+ has it on.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const { values: opts } = parseArgs({
  options: { threads: { type: 'string', default: '2' }, build: { type: 'string', default: 'auto' }, quick: { type: 'boolean', default: false } },
});
const threads = Number(opts.threads);
const src = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const coreSrc = (p) => fileURLToPath(new URL(`../../core/src/${p}`, import.meta.url));

async function loadKernels() {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-bench-'));
  const shim = join(dir, 'core-shim.ts');
  writeFileSync(shim, `export * from ${JSON.stringify(coreSrc('errors.ts'))};\nexport * from ${JSON.stringify(coreSrc('shape.ts'))};\n`);
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, [
    `export { createRuntime } from ${JSON.stringify(src('src/runtime.ts'))};`,
    `export { matmul } from ${JSON.stringify(src('src/kernels/matmul.ts'))};`,
    `export { conv2d, conv2dBackpropInput, conv2dBackpropFilter } from ${JSON.stringify(src('src/kernels/conv.ts'))};`,
  ].join('\n'));
  const out = join(dir, 'kernels.mjs');
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: out, alias: { '@dendrite/core': shim }, logLevel: 'warning' });
  return import(pathToFileURL(out).href);
}

const k = await loadKernels();
const rt = await k.createRuntime({ threads, build: opts.build });
console.log(`Dendrite wasm (${rt.build}, ${rt.threads} thread${rt.threads > 1 ? 's' : ''}) vs tfjs-backend-wasm 4.22 (SIMD, 1 thread: tfjs runs single-threaded in Node)`);

function tensor(shape, fill = true) {
  const n = shape.reduce((p, d) => p * d, 1);
  const ptr = rt.malloc(n * 4);
  if (fill) rt.f32(ptr, n).forEach((_, i, a) => { a[i] = Math.random() - 0.5; });
  return { handle: { ptr, size: n, dtype: 'float32', bytes: n * 4 }, shape, dtype: 'float32' };
}
const free = (...ts) => ts.forEach((t) => rt.release(t.handle.ptr));
const gflops = (flops, ms) => (flops / ms / 1e6).toFixed(1);

console.log('\nmatmul GFLOP/s      NN      NT      TN   tfjs NN  tfjs NT   NN/tfjs');
for (const n of opts.quick ? [256] : [256, 512, 1024]) {
  const runs = n >= 1024 ? 10 : 30;
  const a = tensor([n, n]), b = tensor([n, n]), c = tensor([n, n], false);
  const ours = [[false, false], [false, true], [true, false]].map(([ta, tb]) =>
    median(timeIt(() => k.matmul(rt, a, b, c, ta, tb), runs, 5)));
  free(a, b, c);
  const tfNN = await tfjsMatmul(n, 1, false, false);
  const tfNT = await tfjsMatmul(n, 1, false, true);
  const f = 2 * n ** 3;
  const cols = [...ours.map((ms) => gflops(f, ms)), gflops(f, tfNN), gflops(f, tfNT)].map((s) => s.padStart(7)).join(' ');
  console.log(`  ${String(n).padEnd(5)}          ${cols}   ${(tfNN / ours[0]).toFixed(2).padStart(6)}x`);
}

const convCases = [
  { name: 'N32 C32 28x28, 64x3x3 pad 1', x: [32, 32, 28, 28], w: [64, 32, 3, 3], pad: 1 },
  // LeNet-5 (the zoo's 'modern' variant) at batch 64.
  { name: 'LeNet c1: N64 C1 28x28 6x5x5 p2', x: [64, 1, 28, 28], w: [6, 1, 5, 5], pad: 2 },
  { name: 'LeNet c2: N64 C6 14x14 16x5x5', x: [64, 6, 14, 14], w: [16, 6, 5, 5], pad: 0 },
].slice(0, opts.quick ? 1 : 3);
/** Median ms of conv2d forward, forward + input gradient, and forward + both gradients. */
function convPhases(x, wt, y, dy, dx, dw, attrs) {
  const fwd = median(timeIt(() => k.conv2d(rt, x, wt, y, attrs), 10, 3));
  const fwdDx = median(timeIt(() => {
    k.conv2d(rt, x, wt, y, attrs);
    k.conv2dBackpropInput(rt, dy, wt, dx, attrs);
  }, 10, 3));
  const all = median(timeIt(() => {
    k.conv2d(rt, x, wt, y, attrs);
    k.conv2dBackpropInput(rt, dy, wt, dx, attrs);
    k.conv2dBackpropFilter(rt, x, dy, dw, attrs);
  }, 10, 3));
  return { fwd, fwdDx, all };
}

console.log('\nconv2d (ms)                        fwd  tfjs fwd   ratio    fwd+dx tfjs fwd+dx  ratio  fwd+dx+dW (tfjs-wasm: no dW kernel)');
for (const c of convCases) {
  const [n, ch, h, w] = c.x;
  const [cout, , kh, kw] = c.w;
  const oh = h + 2 * c.pad - kh + 1, ow = w + 2 * c.pad - kw + 1;
  const attrs = { stride: [1, 1], pad: [c.pad, c.pad, c.pad, c.pad], dilation: [1, 1], groups: 1 };
  const x = tensor(c.x), wt = tensor(c.w), y = tensor([n, cout, oh, ow], false), dy = tensor([n, cout, oh, ow]);
  const dx = tensor(c.x, false), dw = tensor(c.w, false);
  const { fwd, fwdDx, all } = convPhases(x, wt, y, dy, dx, dw, attrs);
  free(x, wt, y, dy, dx, dw);
  const tf = await tfjsConv(n, ch, h, w, cout, kh, kw, c.pad === 0 ? 'valid' : 'same'); // 'same' = pad (k-1)/2 at stride 1
  const f2 = (v) => v.toFixed(2);
  console.log(`  ${c.name.padEnd(30)} ${f2(fwd).padStart(7)} ${f2(tf.fwd).padStart(8)} ${(tf.fwd / fwd).toFixed(2).padStart(6)}x ${f2(fwdDx).padStart(8)} ${f2(tf.fwdDx).padStart(10)} ${(tf.fwdDx / fwdDx).toFixed(2).padStart(6)}x ${f2(all).padStart(9)}`);
}
// MobileNet-style depthwise 3x3 layers (groups = C): tfjs-backend-wasm has a
// DepthwiseConv2dNative kernel, compared on forward (and forward + input
// gradient where tfjs can run it).
const depthwiseCases = [
  { name: 'dw 3x3: N32 C64 56x56 s1 p1', x: [32, 64, 56, 56], k: 3, stride: 1, pad: 1 },
  { name: 'dw 3x3: N32 C64 56x56 s2 p1', x: [32, 64, 56, 56], k: 3, stride: 2, pad: 1 },
].slice(0, opts.quick ? 1 : 2);
console.log('\ndepthwise conv2d (ms)              fwd  tfjs fwd   ratio    fwd+dx tfjs fwd+dx  ratio  fwd+dx+dW');
for (const c of depthwiseCases) {
  const [n, ch, h, w] = c.x;
  const out = (i) => Math.floor((i + 2 * c.pad - c.k) / c.stride) + 1;
  const oh = out(h), ow = out(w);
  const attrs = { stride: [c.stride, c.stride], pad: [c.pad, c.pad, c.pad, c.pad], dilation: [1, 1], groups: ch };
  const x = tensor(c.x), wt = tensor([ch, 1, c.k, c.k]), y = tensor([n, ch, oh, ow], false), dy = tensor([n, ch, oh, ow]);
  const dx = tensor(c.x, false), dw = tensor([ch, 1, c.k, c.k], false);
  const { fwd, fwdDx, all } = convPhases(x, wt, y, dy, dx, dw, attrs);
  free(x, wt, y, dy, dx, dw);
  // tfjs 'same' pads (k-1)/2 = 1 at stride 1; at stride 2 on an even image it pads 0 before, 1 after: same cost.
  const tf = await tfjsDepthwise(n, ch, h, w, 1, c.k, c.k, c.stride, 'same');
  const f2 = (v) => v.toFixed(2);
  const tfDx = tf.fwdDx === null ? '      n/a     -  ' : `${f2(tf.fwdDx).padStart(10)} ${(tf.fwdDx / fwdDx).toFixed(2).padStart(6)}x`;
  console.log(`  ${c.name.padEnd(30)} ${f2(fwd).padStart(7)} ${f2(tf.fwd).padStart(8)} ${(tf.fwd / fwd).toFixed(2).padStart(6)}x ${f2(fwdDx).padStart(8)} ${tfDx} ${f2(all).padStart(9)}`);
}
process.exit(0);
