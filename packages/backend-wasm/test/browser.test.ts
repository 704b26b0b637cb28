// The wasm backend in a browser bundle: esbuild bundles @dendrite/core and
// @dendrite/backend-wasm from their sources, headless Chromium (Debian's) runs
// a matmul, a conv2d and a short MLP training loop on 2 threads (Web Workers
// over shared memory, the page being cross-origin isolated) and on 1 thread;
// the numbers are checked against float64 loops and against the reference
// backend run here in Node on the same seeded inputs.
import type * as Core from '@dendrite/core';
import * as core from '@dendrite/core';
import type * as Wasm from '@dendrite/backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserPage, chromiumMissingReason, openBrowserPage } from '../../backend-webgpu/test/browser-harness.js';
import { randomData } from './helpers.js';

/** What the page bundle exposes (and what Node puts there too, for the reference run). */
interface Exposed {
  core: typeof Core;
  wasm?: typeof Wasm;
}

interface WorkloadInputs {
  matmul: { a: number[]; b: number[]; m: number; k: number; n: number };
  conv: { x: number[]; w: number[]; xShape: number[]; wShape: number[] };
  mlp: { x: number[]; labels: number[]; batch: number; features: number; hidden: number; classes: number; init: number[][]; lr: number; steps: number };
}

interface WorkloadOutputs {
  matmul: number[];
  conv: number[];
  losses: number[];
}

/**
 * Runs on the current backend of whatever `globalThis.dendrite.core` is: in
 * the page (serialized by page.evaluate, so it may use nothing from this
 * file's scope) and in Node on the reference backend.
 */
async function runWorkloads(inp: WorkloadInputs): Promise<WorkloadOutputs> {
  const { core: c } = (globalThis as unknown as { dendrite: Exposed }).dendrite;
  const mm = c.matmul(c.tensor(new Float32Array(inp.matmul.a), [inp.matmul.m, inp.matmul.k]), c.tensor(new Float32Array(inp.matmul.b), [inp.matmul.k, inp.matmul.n]));
  const cv = c.conv2d(c.tensor(new Float32Array(inp.conv.x), inp.conv.xShape), c.tensor(new Float32Array(inp.conv.w), inp.conv.wShape), { padding: 1 });
  const matmul = Array.from(await mm.data());
  const conv = Array.from(await cv.data());
  c.dispose([mm, cv]);

  // A two-layer MLP trained by full-batch gradient descent on a fixed batch.
  const m = inp.mlp;
  const shapes = [[m.features, m.hidden], [m.hidden], [m.hidden, m.classes], [m.classes]];
  let params = m.init.map((v, i) => c.tensor(new Float32Array(v), shapes[i], { requiresGrad: true }));
  const x = c.tensor(new Float32Array(m.x), [m.batch, m.features]);
  const y = c.tensor(new Int32Array(m.labels), [m.batch]);
  const losses: number[] = [];
  for (let step = 0; step < m.steps; step++) {
    const [w1, b1, w2, b2] = params;
    const logits = c.add(c.matmul(c.relu(c.add(c.matmul(x, w1), b1)), w2), b2);
    const loss = c.crossEntropy(logits, y);
    loss.backward();
    losses.push((await loss.data())[0]);
    const next = c.noGrad(() => params.map((p) => c.sub(p, c.mul(p.grad!, m.lr))));
    c.dispose([logits, loss, ...params]);
    for (const p of next) p.requiresGrad = true;
    params = next;
  }
  c.dispose([x, y, ...params]);
  return { matmul, conv, losses };
}

/** Page side: registers the wasm backend with `threads` and selects it; says which build and how many threads it got. */
async function startWasm(threads: number): Promise<{ description: string; build: string; isolated: boolean; cores: number }> {
  const { core: c, wasm } = (globalThis as unknown as { dendrite: Required<Exposed> }).dendrite;
  c.registerBackend('wasm', () => wasm.createWasmBackend({ threads }), { priority: 10 });
  const backend = await c.setBackend('wasm');
  return { description: backend.capabilities.description ?? '', build: wasm.pickBuild('auto'), isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
}

/** Page side: the thread count of the live wasm backend, after `setThreads(n)`. */
async function resizeWasm(n: number): Promise<string> {
  const { core: c, wasm } = (globalThis as unknown as { dendrite: Required<Exposed> }).dendrite;
  await wasm.setThreads(n);
  return c.getBackend().capabilities.description ?? '';
}

// Sizes above the backend's thresholds for waking workers (2^20 multiply-adds),
// so the 2-thread run really splits matmul and conv2d across the Worker.
const M = 128, K = 128, N = 128;
const X_SHAPE = [2, 16, 16, 16], W_SHAPE = [16, 16, 3, 3];
const MLP = { batch: 64, features: 8, hidden: 32, classes: 4, lr: 0.5, steps: 25 };

function makeInputs(): WorkloadInputs {
  const nums = (n: number, seed: number, scale = 1) => Array.from(randomData(n, seed, -scale, scale));
  const x = nums(MLP.batch * MLP.features, 7);
  // Labels from a fixed random linear teacher, so the task is learnable.
  const teacher = nums(MLP.features * MLP.classes, 8);
  const labels = Array.from({ length: MLP.batch }, (_, r) => {
    const scores = Array.from({ length: MLP.classes }, (_, j) => x.slice(r * MLP.features, (r + 1) * MLP.features).reduce((s, v, i) => s + v * teacher[i * MLP.classes + j], 0));
    return scores.indexOf(Math.max(...scores));
  });
  const init = [
    nums(MLP.features * MLP.hidden, 9, 1 / Math.sqrt(MLP.features)),
    nums(MLP.hidden, 10, 0.1),
    nums(MLP.hidden * MLP.classes, 11, 1 / Math.sqrt(MLP.hidden)),
    nums(MLP.classes, 12, 0.1),
  ];
  return {
    matmul: { a: nums(M * K, 1), b: nums(K * N, 2), m: M, k: K, n: N },
    conv: { x: nums(X_SHAPE.reduce((p, d) => p * d), 3), w: nums(W_SHAPE.reduce((p, d) => p * d), 4), xShape: X_SHAPE, wShape: W_SHAPE },
    mlp: { ...MLP, x, labels, init },
  };
}

/** Float64 matmul, and Σ|a·b| per output (the scale of its rounding error). */
function matmulF64(a: number[], b: number[], m: number, k: number, n: number): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, t = 0;
      for (let p = 0; p < k; p++) {
        s += a[i * k + p] * b[p * n + j];
        t += Math.abs(a[i * k + p] * b[p * n + j]);
      }
      want[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { want, scale };
}

/** Float64 conv2d with stride 1 and padding 1, and Σ|x·w| per output. */
function conv2dF64(x: number[], w: number[], [bn, c, h, wd]: number[], [co, , kh, kw]: number[]): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(bn * co * h * wd);
  const scale = new Float64Array(want.length);
  for (let b = 0; b < bn; b++) for (let o = 0; o < co; o++) for (let oy = 0; oy < h; oy++) for (let ox = 0; ox < wd; ox++) {
    let s = 0, t = 0;
    for (let ci = 0; ci < c; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy + ky - 1, ix = ox + kx - 1;
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
      const term = x[((b * c + ci) * h + iy) * wd + ix] * w[((o * c + ci) * kh + ky) * kw + kx];
      s += term;
      t += Math.abs(term);
    }
    const at = ((b * co + o) * h + oy) * wd + ox;
    want[at] = s;
    scale[at] = t;
  }
  return { want, scale };
}

/**
 * The worst |got − want| / (1e-6 + 1e-5·Σ|terms|): float32 sums of K terms err by
 * at most about K·2^-24·Σ|terms| (≈ 8e-6·Σ for K = 144, far less in practice),
 * whatever order the backend adds them in. ≤ 1 passes.
 */
function worstSumError(got: number[], ref: { want: Float64Array; scale: Float64Array }): number {
  expect(got.length).toBe(ref.want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref.want[i]) / (1e-6 + 1e-5 * ref.scale[i]));
  return Number.isNaN(worst) || got.some(Number.isNaN) ? Number.POSITIVE_INFINITY : worst;
}

const missing = chromiumMissingReason();
if (missing) console.log(`[wasm browser test] SKIPPED: ${missing}`);

describe.skipIf(missing !== null)(`wasm backend in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const inputs = makeInputs();
  const mmRef = matmulF64(inputs.matmul.a, inputs.matmul.b, M, K, N);
  const convRef = conv2dF64(inputs.conv.x, inputs.conv.w, X_SHAPE, W_SHAPE);
  let bp: BrowserPage;
  let reference: WorkloadOutputs;

  beforeAll(async () => {
    (globalThis as unknown as { dendrite: Exposed }).dendrite = { core };
    await core.setBackend('reference');
    reference = await runWorkloads(inputs);
    // --disable-gpu: the wasm backend needs none, and Chromium starts faster without the GPU process.
    bp = await openBrowserPage({ modules: { core: '@dendrite/core', wasm: '@dendrite/backend-wasm' }, flags: ['--disable-gpu', '--disable-quic'] });
  }, 60_000);

  afterAll(async () => {
    if (bp && bp.log.length > 0) console.log(`[wasm browser test] page console:\n${bp.log.join('\n')}`);
    await bp?.close();
  });

  it('the reference run in Node agrees with float64 and its loss falls', () => {
    expect(worstSumError(reference.matmul, mmRef)).toBeLessThanOrEqual(1);
    expect(worstSumError(reference.conv, convRef)).toBeLessThanOrEqual(1);
    expect(reference.losses.at(-1)!).toBeLessThan(0.5 * reference.losses[0]);
  });

  it('runs matmul, conv2d and MLP training on 2 threads (Web Workers) and on 1, matching Node', async () => {
    const started = await bp.page.evaluate(startWasm, 2);
    console.log(`[wasm browser test] page: ${started.description}; build picked: ${started.build}; crossOriginIsolated: ${started.isolated}; hardwareConcurrency: ${started.cores}`);
    expect(started.isolated).toBe(true);
    expect(started.description).toMatch(/^WebAssembly (simd128|relaxed-simd), 2 threads$/);
    expect(started.description).toContain(started.build);

    for (const threads of [2, 1]) {
      if (threads === 1) expect(await bp.page.evaluate(resizeWasm, 1)).toMatch(/, 1 thread$/);
      const got = await bp.page.evaluate(runWorkloads, inputs);
      const errors = { matmul: worstSumError(got.matmul, mmRef), conv: worstSumError(got.conv, convRef) };
      console.log(`[wasm browser test] ${threads} thread(s): worst error / bound: matmul ${errors.matmul.toFixed(3)}, conv2d ${errors.conv.toFixed(3)}; loss ${got.losses[0].toFixed(4)} -> ${got.losses.at(-1)!.toFixed(4)}`);
      expect(errors.matmul).toBeLessThanOrEqual(1);
      expect(errors.conv).toBeLessThanOrEqual(1);
      expect(got.losses.at(-1)!).toBeLessThan(0.5 * got.losses[0]);
      // Same float32 math in another summation order: 25 steps of full-batch
      // descent amplify rounding differences only mildly (the loss is smooth here).
      for (let s = 0; s < got.losses.length; s++) expect(Math.abs(got.losses[s] - reference.losses[s])).toBeLessThanOrEqual(1e-4 * reference.losses[s]);
    }
  }, 60_000);
});
