// Every part-3 model's forward and backward on wasm and webgpu against the
// reference backend, on a small input: same seed, same weights, same batch.
import * as d from '@dendrite/core';
import type { Module } from '@dendrite/layers';
import { afterAll, describe, expect, it } from 'vitest';
import { Autoencoder, CharLSTM, ConvAutoencoder, ConvVAE, DCGAN, LSTMClassifier, SegNet, STN, UNet, VAE } from '../src/index.js';

process.env.XDG_RUNTIME_DIR ??= '/tmp';

const available: Record<string, string> = {};
const skipped: Record<string, string> = {};
try {
  const { createWasmBackend } = await import('@dendrite/backend-wasm');
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
  available.wasm = 'wasm';
} catch (err) {
  skipped.wasm = (err as Error).message.split('\n')[0];
}
// On a CPU Vulkan driver (lavapipe) the first run of each WGSL pipeline compiles it, minutes for all ten
// models on a loaded 2-core machine, so by default only the two convolutional generators (conv-autoencoder,
// conv-vae: conv2d, its gradients and transposed convolutions) run on webgpu; DENDRITE_TEST_FULL=1
// (npm run test:full) runs every model there.
const FULL = process.env.DENDRITE_TEST_FULL === '1';
const WEBGPU_DEFAULT = new Set(['conv-autoencoder', 'conv-vae']);
try {
  // A computed specifier: models does not depend on the webgpu package, so its types stay out of this build.
  const pkg = '@dendrite/backend-webgpu';
  const { createWebGPUBackend } = (await import(/* @vite-ignore */ pkg)) as { createWebGPUBackend: () => Promise<d.Backend> };
  d.registerBackend('webgpu', () => createWebGPUBackend(), { priority: 1 });
  await d.setBackend('webgpu');
  available.webgpu = d.getBackend().capabilities.description ?? 'webgpu';
  console.log(`[part3 models] webgpu on ${available.webgpu}${FULL ? '' : ` (${[...WEBGPU_DEFAULT].join(', ')} only; DENDRITE_TEST_FULL=1 runs every model)`}`);
} catch (err) {
  skipped.webgpu = (err as Error).message.split('\n')[0];
}
for (const [name, why] of Object.entries(skipped)) console.log(`[part3 models] ${name} SKIPPED: ${why}`);
afterAll(async () => {
  await d.setBackend('reference');
});

/** Host data for an input, the same on every backend. */
function hostRandom(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const g = new d.Generator(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * g.uniform());
}

interface Case {
  name: string;
  build(): Module;
  /** The scalar loss of one forward pass on fixed inputs. */
  loss(m: Module): d.Tensor;
}

const int = (values: number[], shape: number[]) => d.tensor(Int32Array.from(values), shape, 'int32');

const CASES: Case[] = [
  { name: 'autoencoder', build: () => new Autoencoder({ hidden: [16], latent: 2 }), loss: (m) => d.tidy(() => { const x = d.tensor(hostRandom(2 * 784, 1), [2, 1, 28, 28]); return d.mseLoss((m as Autoencoder).forward(x), x); }) },
  { name: 'conv-autoencoder', build: () => new ConvAutoencoder({ latent: 4, width: 4 }), loss: (m) => d.tidy(() => { const x = d.tensor(hostRandom(2 * 784, 2), [2, 1, 28, 28]); return d.mseLoss((m as ConvAutoencoder).forward(x), x); }) },
  // The ELBO draws eps from the default generator: seeded per run, the same numbers on every backend.
  { name: 'vae', build: () => new VAE({ hidden: 16, latent: 3 }), loss: (m) => d.tidy(() => (m as VAE).elbo(d.tensor(hostRandom(2 * 784, 3), [2, 1, 28, 28])).loss) },
  { name: 'conv-vae', build: () => new ConvVAE({ latent: 3, width: 4 }), loss: (m) => d.tidy(() => (m as ConvVAE).elbo(d.tensor(hostRandom(2 * 784, 4), [2, 1, 28, 28])).loss) },
  {
    name: 'dcgan',
    build: () => new DCGAN({ latent: 8, width: 4 }),
    loss: (m) => d.tidy(() => (m as DCGAN).forward((m as DCGAN).sample(3, d.tensor(hostRandom(24, 5, -1, 1), [3, 8]))).sum()),
  },
  { name: 'unet', build: () => new UNet({ depth: 2, baseChannels: 4 }), loss: (m) => d.tidy(() => d.crossEntropy((m as UNet).forward(d.tensor(hostRandom(2 * 256, 6), [2, 1, 16, 16])), int(Array.from(hostRandom(2 * 256, 7), (v) => Math.floor(v * 11)), [2, 16, 16]))) },
  { name: 'segnet', build: () => new SegNet({ depth: 2, baseChannels: 4 }), loss: (m) => d.tidy(() => d.crossEntropy((m as SegNet).forward(d.tensor(hostRandom(2 * 256, 8), [2, 1, 16, 16])), int(Array.from(hostRandom(2 * 256, 9), (v) => Math.floor(v * 11)), [2, 16, 16]))) },
  { name: 'stn', build: () => new STN(), loss: (m) => d.tidy(() => d.crossEntropy((m as STN).forward(d.tensor(hostRandom(2 * 42 * 42, 10), [2, 1, 42, 42])), int([3, 7], [2]))) },
  { name: 'char-lstm', build: () => new CharLSTM({ vocabSize: 7, embedDim: 4, hidden: 6 }), loss: (m) => d.tidy(() => d.crossEntropy((m as CharLSTM).forward(int([0, 1, 2, 3, 4, 5, 6, 1, 2, 3], [2, 5])).reshape([10, 7]), int([1, 2, 3, 4, 5, 6, 0, 2, 3, 4], [10]))) },
  { name: 'lstm-classifier', build: () => new LSTMClassifier({ vocabSize: 9, numClasses: 3, embedDim: 4, hidden: 5 }), loss: (m) => d.tidy(() => d.crossEntropy((m as LSTMClassifier).forward(int([1, 2, 3, 4, 5, 6, 7, 8], [2, 4])), int([0, 2], [2]))) },
];

/** Loss and every parameter gradient, on the current backend. */
async function run(c: Case): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
  d.seed(42);
  const m = c.build();
  m.train();
  const l = c.loss(m);
  l.backward();
  const grads: Record<string, Float32Array> = {};
  for (const [name, p] of m.namedParameters()) {
    if (p.grad) grads[name] = Float32Array.from(await p.grad.data());
  }
  const loss = (await l.data())[0];
  l.dispose();
  m.dispose();
  return { loss, grads };
}

/** Largest |a − b| relative to the larger of the reference's largest magnitude and 1e-3. */
function relErr(a: Float32Array, b: Float32Array): number {
  let scale = 1e-3;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

describe('part-3 models: forward and backward match the reference backend', () => {
  for (const c of CASES) {
    it(c.name, { timeout: 600_000 }, async () => {
      await d.setBackend('reference');
      const want = await run(c);
      expect(Number.isFinite(want.loss)).toBe(true);
      expect(Object.keys(want.grads).length).toBeGreaterThan(0);
      for (const backend of Object.keys(available)) {
        if (backend === 'webgpu' && !FULL && !WEBGPU_DEFAULT.has(c.name)) continue;
        await d.setBackend(backend);
        const before = d.memory().numTensors;
        const got = await run(c);
        // float32 sums in another order: 1e-3 of the largest gradient (reductions over up to ~10^4 terms).
        expect(Math.abs(got.loss - want.loss) / Math.max(1, Math.abs(want.loss)), `${backend} loss`).toBeLessThan(1e-4);
        expect(Object.keys(got.grads)).toEqual(Object.keys(want.grads));
        for (const [name, g] of Object.entries(want.grads)) expect(relErr(got.grads[name], g), `${backend} ${name}`).toBeLessThan(2e-3);
        expect(d.memory().numTensors).toBe(before);
      }
    });
  }
});
