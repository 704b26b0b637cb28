// The shipped VAE weights (vae-mnist, vae2d-mnist): float16 files that load
// into the float32 zoo models, reach the test negative ELBO their provenance
// records, and feed `dendrite sample vae|vae-2d`; `dendrite export --dtype
// float16` (how they were made) halves a file and keeps the values to float16
// rounding.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWasmBackend } from '@dendrite/backend-wasm';
import * as d from '@dendrite/core';
import { loadMnistArrays } from '@dendrite/data';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPretrained, pretrainedPath, VAE } from '../src/index.js';
import { run } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-vae-'));

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});

function provenance(name: string): { testNegativeElbo: number; epochs: number; seed: number; trainedWith: string } {
  return JSON.parse(readFileSync(pretrainedPath(name as 'vae-mnist').replace(/\.safetensors$/, '.provenance.json'), 'utf8'));
}

describe('shipped VAE weights', () => {
  it('are float16 files that load into the float32 models and reach the recorded test negative ELBO', async () => {
    const { test } = await loadMnistArrays();
    // All 10,000 test images in [0, 1] (the Bernoulli targets the VAE was trained on).
    const x = new Float32Array(test.images.length);
    for (let i = 0; i < x.length; i++) x[i] = test.images[i] / 255;
    for (const [name, latent] of [['vae-mnist', 20], ['vae2d-mnist', 2]] as const) {
      // The file's own dtypes (the codec, before any backend sees them).
      const { tensors } = d.decodeSafetensors(new Uint8Array(readFileSync(pretrainedPath(name))));
      expect(Object.values(tensors).every((t) => t.dtype === 'float16')).toBe(true);
      const live = d.memory().numTensors;
      const vae = await loadPretrained(new VAE({ latent }), name);
      expect(vae.parameters().every((p) => p.value.dtype === 'float32')).toBe(true);
      d.seed(0);
      let sum = 0;
      for (let b = 0; b < 10_000; b += 1000) {
        const batch = d.tensor(x.subarray(b * 784, (b + 1000) * 784), [1000, 1, 28, 28]);
        const { loss, reconstruction, kl } = d.noGrad(() => vae.elbo(batch));
        sum += (await loss.data())[0] * 1000;
        d.dispose([batch, loss, reconstruction, kl]);
      }
      const elbo = sum / 10_000;
      const recorded = provenance(name).testNegativeElbo;
      console.info(`${name}: test negative ELBO ${elbo.toFixed(2)} nats (provenance: ${recorded})`);
      // One z sample per image: the estimate moves by a few tenths of a nat with the seed; float16 weights by less.
      expect(Math.abs(elbo - recorded)).toBeLessThan(1);
      d.dispose(vae.parameters().map((p) => p.value));
      expect(d.memory().numTensors).toBe(live);
    }
  });

  it('dendrite sample vae and vae-2d draw PNG grids from the shipped weights', async () => {
    for (const name of ['vae', 'vae-2d']) {
      const out = join(dir, `${name}.png`);
      const r = await run('sample', name, '--n', '16', '--backend', 'wasm', '--out', out);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`wrote 16 samples from ${name}`);
      const png = PNG.sync.read(readFileSync(out));
      expect([png.width, png.height]).toEqual([4 * 30 + 2, 4 * 30 + 2]);
      // Digits: some ink, mostly black background.
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) ink += png.data[i] > 127 ? 1 : 0;
      const frac = ink / (png.width * png.height);
      expect(frac).toBeGreaterThan(0.03);
      expect(frac).toBeLessThan(0.4);
    }
    // A name that is neither a run folder nor a zoo model with shipped weights is refused.
    const bad = await run('sample', 'dcgan');
    expect(bad.code).toBe(2);
  });

  it('dendrite export --dtype float16 halves the file and keeps the weights to float16 rounding', async () => {
    const runDir = join(dir, 'tiny');
    const trained = await run('train', 'vae', '--dataset', 'mnist', '--hidden', '16', '--latent', '2', '--epochs', '1', '--limit', '200', '--batch-size', '50', '--backend', 'wasm', '--quiet', '--out', runDir);
    expect(trained.err).toBe('');
    const ckpt = join(runDir, 'last.safetensors');
    expect((await run('export', ckpt, join(dir, 'f32.safetensors'))).code).toBe(0);
    const r = await run('export', ckpt, join(dir, 'f16.safetensors'), '--dtype', 'float16');
    expect(r.out).toContain('(float16)');
    const [f32, f16] = ['f32', 'f16'].map((n) => statSync(join(dir, `${n}.safetensors`)).size);
    expect(f16).toBeLessThan(f32 * 0.6);
    const a = await d.loadSafetensors(join(dir, 'f32.safetensors'));
    const b = await d.loadSafetensors(join(dir, 'f16.safetensors'));
    for (const [k, t] of Object.entries(a.tensors)) {
      const [x, y] = [await t.data(), await b.tensors[k].data()];
      for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(Math.abs(x[i]) * 2 ** -11 + 2 ** -24);
    }
    d.dispose([...Object.values(a.tensors), ...Object.values(b.tensors)]);
    expect((await run('export', ckpt, join(dir, 'x.safetensors'), '--dtype', 'int8')).code).toBe(2);
    expect(existsSync(join(dir, 'x.safetensors'))).toBe(false);
  });
});
