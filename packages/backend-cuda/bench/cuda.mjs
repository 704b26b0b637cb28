// CUDA benchmark: SGEMM 1024/4096/8192 (GFLOP/s, FP32 and opt-in TF32, and
// the ratio to torch.mm float32 on the same GPU where python3 with torch is
// installed), conv2d as in the WASM bench (forward, + input gradient, + filter
// gradient), and LeNet-5 / MLP training steps (batch 64) through @dendrite/layers.
// Medians after warm-up; each timing ends with a stream sync.
//
//   node bench/cuda.mjs [--quick]
//
// Prints "no GPU: <reason>" and exits 0 where CUDA cannot run. The package
// sources are bundled on the fly with esbuild (no build step needed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values: opts } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const pkg = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

async function loadSources() {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-cuda-bench-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, [
    `export * as core from ${JSON.stringify(pkg('core/src/index.ts'))};`,
    `export * as layers from ${JSON.stringify(pkg('layers/src/index.ts'))};`,
    `export * as cuda from ${JSON.stringify(pkg('backend-cuda/src/index.ts'))};`,
  ].join('\n'));
  const out = join(dir, 'bench-bundle.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    alias: { '@dendrite/core': pkg('core/src/index.ts') },
    // The addon is found relative to the module: keep that path pointing into the package.
    define: { __dirname: JSON.stringify(pkg('backend-cuda/src')) },
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

const { core, layers, cuda } = await loadSources();
const status = cuda.checkCuda();
if (!status.available) {
  console.log(`no GPU: ${status.reason}`);
  process.exit(0);
}
const device = status.devices[0];
console.log(`Dendrite CUDA on ${device.name} (compute ${device.major}.${device.minor}, ${device.multiprocessors} SMs; driver CUDA ${status.driverVersion}, runtime ${status.runtimeVersion})`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ms of `fn` (which enqueues GPU work) over `runs`, each ended by a stream sync. */
async function timeGpu(backend, fn, runs, warmup = 2) {
  for (let i = 0; i < warmup; i++) fn();
  await backend.sync();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    await backend.sync();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function randomTensor(backend, shape) {
  const n = shape.reduce((p, d) => p * d, 1);
  const h = backend.alloc('float32', n);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.random() - 0.5;
  backend.write(h, data);
  return { handle: h, shape, dtype: 'float32' };
}

/** torch.mm float32 GFLOP/s per size (TF32 off), or null where python3 + torch + CUDA are missing. */
function torchRates(sizes) {
  const script = `
import json, torch
torch.backends.cuda.matmul.allow_tf32 = False
out = {}
for n in ${JSON.stringify(sizes)}:
    a = torch.randn(n, n, device='cuda'); b = torch.randn(n, n, device='cuda')
    for _ in range(3): torch.mm(a, b)
    torch.cuda.synchronize()
    ts = []
    for _ in range(10 if n <= 4096 else 5):
        s = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
        s.record(); torch.mm(a, b); e.record(); torch.cuda.synchronize(); ts.append(s.elapsed_time(e))
    ts.sort(); out[n] = 2 * n**3 / (ts[len(ts)//2] * 1e6)
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return { reason: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').pop() };
  return { rates: JSON.parse(r.stdout.trim().split('\n').pop()) };
}

const sizes = opts.quick ? [1024] : [1024, 4096, 8192];
const fp32 = await cuda.createCudaBackend();
const tf32 = await cuda.createCudaBackend({ tf32: true });
const torch = torchRates(sizes);
console.log(`\nSGEMM GFLOP/s     FP32     TF32   torch FP32   FP32/torch${torch.rates ? '' : `   (torch: ${torch.reason})`}`);
for (const n of sizes) {
  const row = [];
  for (const b of [fp32, tf32]) {
    const a = randomTensor(b, [n, n]), bb = randomTensor(b, [n, n]);
    const c = { handle: b.alloc('float32', n * n), shape: [n, n], dtype: 'float32' };
    const ms = await timeGpu(b, () => b.kernels.matmul(a, bb, c, false, false), n >= 8192 ? 5 : 10);
    row.push((2 * n ** 3) / ms / 1e6);
    for (const t of [a, bb, c]) b.free(t.handle);
  }
  const t = torch.rates?.[n];
  console.log(`  ${String(n).padEnd(14)} ${row[0].toFixed(0).padStart(7)} ${row[1].toFixed(0).padStart(8)} ${(t ? t.toFixed(0) : '-').padStart(12)} ${(t ? `${(row[0] / t).toFixed(2)}x` : '-').padStart(12)}`);
}
tf32.dispose();

const convCases = [
  { name: 'N32 C32 28x28, 64x3x3 pad 1', x: [32, 32, 28, 28], w: [64, 32, 3, 3], pad: 1 },
  { name: 'LeNet c1: N64 C1 28x28, 6x5x5', x: [64, 1, 28, 28], w: [6, 1, 5, 5], pad: 0 },
  { name: 'LeNet c2: N64 C6 12x12, 16x5x5', x: [64, 6, 12, 12], w: [16, 6, 5, 5], pad: 0 },
];
console.log('\nconv2d (ms)                          fwd    fwd+dx  fwd+dx+dW');
for (const c of convCases) {
  const [n, , h, w] = c.x;
  const [cout, , kh, kw] = c.w;
  const oh = h + 2 * c.pad - kh + 1, ow = w + 2 * c.pad - kw + 1;
  const attrs = { stride: [1, 1], pad: [c.pad, c.pad, c.pad, c.pad], dilation: [1, 1], groups: 1 };
  const k = fp32.kernels;
  const x = randomTensor(fp32, c.x), wt = randomTensor(fp32, c.w), dy = randomTensor(fp32, [n, cout, oh, ow]);
  const y = { handle: fp32.alloc('float32', n * cout * oh * ow), shape: [n, cout, oh, ow], dtype: 'float32' };
  const dx = { handle: fp32.alloc('float32', c.x.reduce((p, d) => p * d, 1)), shape: c.x, dtype: 'float32' };
  const dw = { handle: fp32.alloc('float32', c.w.reduce((p, d) => p * d, 1)), shape: c.w, dtype: 'float32' };
  const fwd = await timeGpu(fp32, () => k.conv2d(x, wt, y, attrs), 20);
  const fwdDx = await timeGpu(fp32, () => {
    k.conv2d(x, wt, y, attrs);
    k.conv2dBackpropInput(dy, wt, dx, attrs);
  }, 20);
  const all = await timeGpu(fp32, () => {
    k.conv2d(x, wt, y, attrs);
    k.conv2dBackpropInput(dy, wt, dx, attrs);
    k.conv2dBackpropFilter(x, dy, dw, attrs);
  }, 20);
  for (const t of [x, wt, dy, y, dx, dw]) fp32.free(t.handle);
  console.log(`  ${c.name.padEnd(34)} ${fwd.toFixed(3).padStart(7)} ${fwdDx.toFixed(3).padStart(8)} ${all.toFixed(3).padStart(10)}`);
}
fp32.dispose();

// Training steps through the public API: forward, cross-entropy, backward, SGD update.
core.registerBackend('cuda', () => cuda.createCudaBackend(), { priority: 30 });
await core.setBackend('cuda');
const backend = core.getBackend();
const { Sequential, Conv2d, ReLU, MaxPool2d, Flatten, Linear, CrossEntropyLoss, SGD } = layers;
const models = {
  'LeNet-5 (N64 1x28x28)': {
    model: new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(256, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10)),
    input: [64, 1, 28, 28],
  },
  'MLP 784-256-128-10 (N64)': {
    model: new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)),
    input: [64, 784],
  },
};
console.log('\ntraining step (ms, median of 30)');
for (const [name, { model, input }] of Object.entries(models)) {
  const x = core.randn(input);
  const y = core.randint(0, 10, [input[0]]);
  const lossFn = new CrossEntropyLoss();
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const step = () =>
    core.tidy(() => {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
    });
  const ms = await timeGpu(backend, step, 30, 5);
  console.log(`  ${name.padEnd(30)} ${ms.toFixed(3).padStart(8)}`);
}
process.exit(0);
