// CNN inference benchmark: batch-1 and batch-8 forward passes at 224x224 of
// resnet18, resnet50, vgg16 and googlenet, Dendrite's wasm backend against
// onnxruntime-web (wasm) and onnxruntime-node (native CPU), all on 2
// threads, in one process. The ONNX files are exported from Debian's
// torchvision (random weights) at bench time into the OS temp dir and reused.
// Then per-conv-shape GFLOP/s of resnet18 (batch 1) against the wasm matmul
// peak, and the wasm heap high-water mark of resnet50 at batch 8.
// Env: DENDRITE_BENCH_MODELS=resnet18,vgg16 to choose models; DENDRITE_TORCH_PYTHON.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { ZOO } from '@dendrite/models';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const THREADS = 2;
const MODELS = (process.env.DENDRITE_BENCH_MODELS ?? 'resnet18,resnet50,vgg16,googlenet').split(',');
const BATCHES = [1, 8];
const PYTHON = process.env.DENDRITE_TORCH_PYTHON ?? '/usr/bin/python3';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(fn, batch) {
  const warmup = batch === 1 ? 3 : 1;
  const runs = batch === 1 ? 10 : 4;
  for (let i = 0; i < warmup; i++) await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

// ONNX files from torchvision.
const onnxDir = join(tmpdir(), 'dendrite-bench-onnx');
mkdirSync(onnxDir, { recursive: true });
let onnxWhy = null;
try {
  execFileSync(PYTHON, [new URL('./_export-onnx.py', import.meta.url).pathname, onnxDir, ...MODELS], { stdio: ['ignore', 'inherit', 'pipe'] });
} catch (err) {
  onnxWhy = `ONNX export failed (${PYTHON} with python3-torch and python3-torchvision is needed): ${String(err.stderr ?? err.message).trim().split('\n').pop()}`;
  console.log(`onnxruntime rows skipped: ${onnxWhy}`);
}
let ortNode = null;
let ortWeb = null;
try {
  ortNode = await import('onnxruntime-node');
} catch (err) {
  console.log(`onnxruntime-node rows skipped: ${err.message.split('\n')[0]}`);
}
try {
  ortWeb = await import('onnxruntime-web');
  ortWeb.env.wasm.numThreads = THREADS;
} catch (err) {
  console.log(`onnxruntime-web rows skipped: ${err.message.split('\n')[0]}`);
}

d.registerBackend('wasm', () => createWasmBackend({ threads: THREADS }), { priority: 10 });
await d.setBackend('wasm');
console.log(`Dendrite: ${d.getBackend().capabilities.description}; onnxruntime-web wasm and onnxruntime-node CPU with ${THREADS} threads`);

// First, while the heap is fresh: wasm heap high-water mark of resnet50 inference at batch 8 (noGrad saves no activations).
{
  const model = ZOO.resnet50.create();
  model.eval();
  const x = d.randn([8, 3, 224, 224]);
  const params = model.parameters().reduce((n, p) => n + p.size * 4, 0);
  const y = d.noGrad(() => model.forward(x));
  await y.data();
  const mem = d.getBackend().memory();
  console.log(`\nresnet50 batch 8 inference: wasm heap ${(mem.wasmBytes / 2 ** 20).toFixed(0)} MiB (weights ${(params / 2 ** 20).toFixed(0)} MiB, input ${((8 * 3 * 224 * 224 * 4) / 2 ** 20).toFixed(1)} MiB); live after the pass ${(mem.bytes / 2 ** 20).toFixed(0)} MiB`);
  d.dispose([x, y]);
  model.dispose();
}

const rows = [];
for (const name of MODELS) {
  d.seed(0);
  const model = ZOO[name].create(name === 'googlenet' ? { auxLogits: false } : {});
  model.eval();
  const file = join(onnxDir, `${name}.onnx`);
  const sessions = {};
  if (!onnxWhy && existsSync(file)) {
    if (ortNode) sessions.node = await ortNode.InferenceSession.create(file, { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    if (ortWeb) sessions.web = await ortWeb.InferenceSession.create(file, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  }
  for (const batch of BATCHES) {
    const x = d.randn([batch, 3, 224, 224]);
    const ours = await time(async () => {
      const y = d.noGrad(() => model.forward(x));
      await y.data();
      y.dispose();
    }, batch);
    const host = await x.data();
    const row = { model: name, batch, dendrite: ours };
    if (sessions.web) {
      const t = new ortWeb.Tensor('float32', host, [batch, 3, 224, 224]);
      row.ortWeb = await time(() => sessions.web.run({ input: t }), batch);
    }
    if (sessions.node) {
      const t = new ortNode.Tensor('float32', host, [batch, 3, 224, 224]);
      row.ortNode = await time(() => sessions.node.run({ input: t }), batch);
    }
    x.dispose();
    rows.push(row);
    const f = (v) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
    console.log(
      `${name.padEnd(10)} batch ${String(batch).padEnd(2)} dendrite-wasm ${f(row.dendrite).padStart(10)}  ort-web ${f(row.ortWeb).padStart(10)}  ort-node ${f(row.ortNode).padStart(10)}` +
        `  ratio vs ort-web ${row.ortWeb ? (row.ortWeb / row.dendrite).toFixed(2) : '—'}x, vs ort-node ${row.ortNode ? (row.ortNode / row.dendrite).toFixed(2) : '—'}x (>1: Dendrite faster)`,
    );
  }
  for (const s of Object.values(sessions)) await s.release?.();
  model.dispose();
}

// Per-conv-shape throughput of resnet18 at batch 1 (and resnet50's 1x1
// shapes) against the GEMM peak, on the inference path the models take
// (batch norm folded: conv + bias + ReLU in one kernel, under noGrad).
const ga = d.randn([512, 1152]);
const gb = d.randn([1152, 784]);
const peakMs = await time(() => {
  const c = d.matmul(ga, gb);
  c.dataSync();
  c.dispose();
}, 1);
d.dispose([ga, gb]);
const peak = (2 * 512 * 1152 * 784) / peakMs / 1e6;
console.log(`\nconvolutions, batch 1, conv + bias + ReLU (GFLOP/s = 2 x mult-adds / time; matmul [512x1152]x[1152x784] ${peak.toFixed(1)} GFLOP/s):`);
const shapes = [
  // resnet18: [Cin, Cout, k, stride, H=W, times it occurs]
  [3, 64, 7, 2, 224, 1],
  [64, 64, 3, 1, 56, 4],
  [64, 128, 3, 2, 56, 1],
  [64, 128, 1, 2, 56, 1],
  [128, 128, 3, 1, 28, 3],
  [128, 256, 3, 2, 28, 1],
  [128, 256, 1, 2, 28, 1],
  [256, 256, 3, 1, 14, 3],
  [256, 512, 3, 2, 14, 1],
  [256, 512, 1, 2, 14, 1],
  [512, 512, 3, 1, 7, 3],
  // resnet50's 1x1 stride-1 shapes (plain GEMM on the image, no im2col)
  [256, 64, 1, 1, 56, 0],
  [64, 256, 1, 1, 56, 0],
  [1024, 256, 1, 1, 14, 0],
  [512, 2048, 1, 1, 7, 0],
];
let resnet18Ms = 0;
for (const [cin, cout, k, stride, hw, count] of shapes) {
  const x = d.randn([1, cin, hw, hw]);
  const w = d.randn([cout, cin, k, k]);
  const bias = d.randn([cout]);
  const pad = (k - 1) >> 1;
  const out = Math.floor((hw + 2 * pad - k) / stride) + 1;
  const ms = await time(() => {
    const y = d.noGrad(() => d.conv2d(x, w, { stride, padding: pad, bias, activation: 'relu' }));
    y.dataSync();
    y.dispose();
  }, 1);
  resnet18Ms += ms * count;
  const gflops = (2 * cout * out * out * cin * k * k) / ms / 1e6;
  console.log(`  ${`${cin}->${cout} ${k}x${k}/${stride} at ${hw}x${hw}`.padEnd(28)} ${count ? `x${count}` : '  '} ${ms.toFixed(2).padStart(7)} ms  ${gflops.toFixed(1).padStart(6)} GFLOP/s  ${((gflops / peak) * 100).toFixed(0).padStart(4)}% of matmul`);
  d.dispose([x, w, bias]);
}
console.log(`  resnet18's convolutions add up to ${resnet18Ms.toFixed(1)} ms at batch 1`);
