// The WebGPU backend in headless Chromium (Debian's, through playwright-core):
// the page, served from 127.0.0.1, trains a small MLP on navigator.gpu and the
// loss must fall and follow the reference backend's run here in Node on the
// same seeded data. On a machine without a GPU Chromium's adapter is
// SwiftShader (a CPU Vulkan implementation it ships): the plain flags below
// give one; a second launch with SwiftShader forced is tried only if not.
import type * as Core from '@dendrite/core';
import * as core from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WebGPU from '../src/index.js';
import { type BrowserPage, chromiumMissingReason, openBrowserPage } from './browser-harness.js';
import { mlpTask } from './helpers.js';

/** What the page bundle exposes (Node puts only core there, for the reference run). */
interface Exposed {
  core: typeof Core;
  webgpu?: typeof WebGPU;
}

interface MlpInputs {
  x: number[];
  labels: number[];
  batch: number;
  features: number;
  hidden: number;
  classes: number;
  init: number[][];
  lr: number;
  steps: number;
  /** The dtype of the parameters and the input (labels stay int32). */
  dtype: 'float32' | 'float16';
}

/** What the page found: the adapter and the backend on it, or why there is none. */
type PageGPU = { adapter: Record<string, string | boolean>; description: string } | { reason: string };

/**
 * Trains a two-layer MLP by full-batch gradient descent on the current
 * backend of `globalThis.dendrite.core` and returns the loss of every step.
 * Runs in the page (serialized by page.evaluate: it may use nothing from
 * this file's scope) and in Node on the reference backend.
 */
async function trainMlp(m: MlpInputs): Promise<number[]> {
  const { core: c } = (globalThis as unknown as { dendrite: Exposed }).dendrite;
  const shapes = [[m.features, m.hidden], [m.hidden], [m.hidden, m.classes], [m.classes]];
  let params = m.init.map((v, i) => c.tensor(new Float32Array(v), shapes[i], { dtype: m.dtype, requiresGrad: true }));
  const x = c.tensor(new Float32Array(m.x), [m.batch, m.features], m.dtype);
  const y = c.tensor(new Int32Array(m.labels), [m.batch]);
  const losses: number[] = [];
  for (let step = 0; step < m.steps; step++) {
    const [w1, b1, w2, b2] = params;
    const loss = c.crossEntropy(c.add(c.matmul(c.relu(c.add(c.matmul(x, w1), b1)), w2), b2), y);
    loss.backward();
    losses.push((await loss.data())[0]);
    const next = c.noGrad(() => params.map((p) => c.sub(p, c.mul(p.grad!, m.lr))));
    c.dispose([loss, ...params]);
    for (const p of next) p.requiresGrad = true;
    params = next;
  }
  c.dispose([x, y, ...params]);
  return losses;
}

/** Page side: the adapter navigator.gpu offers, and the webgpu backend registered and selected on it. */
async function startWebGPU(): Promise<PageGPU> {
  const { core: c, webgpu } = (globalThis as unknown as { dendrite: Required<Exposed> }).dendrite;
  if (!navigator.gpu) return { reason: `navigator.gpu is missing (isSecureContext: ${isSecureContext})` };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { reason: 'navigator.gpu.requestAdapter() returned null' };
  const info = adapter.info;
  const described = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  c.registerBackend('webgpu', () => webgpu.createWebGPUBackend(), { priority: 20 });
  const backend = await c.setBackend('webgpu');
  return { adapter: { ...described, isFallbackAdapter: fallback }, description: backend.capabilities.description ?? '' };
}

const MLP = { batch: 64, features: 8, hidden: 32, classes: 4, lr: 0.5, steps: 20 };

function makeInputs(): MlpInputs {
  return { ...MLP, ...mlpTask(MLP), dtype: 'float32' };
}

const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];
/** Tried only when the plain flags give no adapter (they give SwiftShader on Chromium 156). */
const SWIFTSHADER_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];

const missing = chromiumMissingReason();
if (missing) console.log(`[webgpu browser test] SKIPPED: ${missing}`);

describe.skipIf(missing !== null)(`webgpu backend in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const inputs = makeInputs();
  let bp: BrowserPage | undefined;
  let gpu: PageGPU;
  let reference: number[];
  let referenceHalf: number[];

  beforeAll(async () => {
    (globalThis as unknown as { dendrite: Exposed }).dendrite = { core };
    await core.setBackend('reference');
    reference = await trainMlp(inputs);
    referenceHalf = await trainMlp({ ...inputs, dtype: 'float16' });
    const modules = { core: '@dendrite/core', webgpu: '@dendrite/backend-webgpu' };
    for (const flags of [WEBGPU_FLAGS, SWIFTSHADER_FLAGS]) {
      bp = await openBrowserPage({ modules, flags });
      gpu = await bp.page.evaluate(startWebGPU);
      console.log(`[webgpu browser test] flags ${flags.join(' ')}: ${JSON.stringify(gpu)}`);
      if ('adapter' in gpu) break;
      await bp.close();
      bp = undefined;
    }
  }, 60_000);

  afterAll(async () => {
    if (bp && bp.log.length > 0) console.log(`[webgpu browser test] page console:\n${bp.log.join('\n')}`);
    await bp?.close();
  });

  it('the reference run in Node learns', () => {
    expect(reference.at(-1)!).toBeLessThan(0.6 * reference[0]);
  });

  it('trains an MLP on the page adapter: the loss falls and follows the reference run', async (ctx) => {
    if (!bp || !('adapter' in gpu)) {
      console.log(`[webgpu browser test] SKIPPED: the page has no WebGPU adapter: ${'reason' in gpu ? gpu.reason : 'page did not start'}`);
      ctx.skip();
      return;
    }
    expect(gpu.description).toMatch(/^WebGPU on /);
    const losses = await bp.page.evaluate(trainMlp, inputs);
    console.log(`[webgpu browser test] ${gpu.description}: loss ${losses[0].toFixed(4)} -> ${losses.at(-1)!.toFixed(4)} in ${losses.length} steps`);
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]);
    // Same float32 math in other summation orders (workgroup reductions):
    // 20 smooth descent steps keep the two runs within 1e-4 relative.
    for (let s = 0; s < losses.length; s++) expect(Math.abs(losses[s] - reference[s])).toBeLessThanOrEqual(1e-4 * reference[s]);
  }, 60_000);

  it('trains the same MLP in float16 where the page adapter has shader-f16, following the float16 emulation of the reference backend', async (ctx) => {
    if (!bp || !('adapter' in gpu)) {
      ctx.skip();
      return;
    }
    if (!gpu.description.includes('float16')) {
      console.log(`[webgpu browser test] SKIPPED float16: the page adapter has no shader-f16 (${gpu.description})`);
      ctx.skip();
      return;
    }
    const losses = await bp.page.evaluate(trainMlp, { ...inputs, dtype: 'float16' as const });
    console.log(`[webgpu browser test] float16 on ${gpu.description}: loss ${losses[0].toFixed(4)} -> ${losses.at(-1)!.toFixed(4)} (reference emulation ${referenceHalf[0].toFixed(4)} -> ${referenceHalf.at(-1)!.toFixed(4)})`);
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]);
    // Both runs round every op's result to half, from float32 (page) or float64
    // (reference) math: a result near a rounding midpoint can land one half ulp
    // (2^-10 relative) apart and the difference then propagates through the
    // steps. 8 ulps (8e-3 relative) holds for 20 steps with a wide margin and
    // still fails a kernel that rounds wrongly or accumulates in half.
    for (let s = 0; s < losses.length; s++) expect(Math.abs(losses[s] - referenceHalf[s])).toBeLessThanOrEqual(8e-3 * referenceHalf[s]);
  }, 60_000);
});
