// torchvision compatibility: state dicts written by torchvision (see
// fixtures/torchvision/generate.py) load strictly under torchvision's own
// names, and the models reproduce torchvision's eval-mode logits.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import type { Module } from '@dendrite/layers';
import { ZOO } from '../src/index.js';
import { registerShapeOnlyBackend } from '../src/cli/shape-only-backend.js';

const dir = new URL('./fixtures/torchvision/', import.meta.url);
const fixture = (f: string) => new URL(f, dir).pathname;

/** max |ours - torch| / max |torch|: 1e-3 allows float32 summation-order differences over a few thousand terms per output. */
function relativeError(ours: Float32Array, ref: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(ours[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / scale;
}

function release(m: Module): void {
  for (const p of m.parameters()) p.dispose();
  for (const [, b] of m.namedBuffers()) b.dispose();
}

describe('torchvision state dicts (reduced-width fixtures) on wasm', () => {
  beforeAll(async () => {
    d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
    await d.setBackend('wasm');
  });
  afterAll(async () => {
    await d.setBackend('reference');
  });

  for (const name of ['alexnet', 'vgg11_bn', 'googlenet', 'resnet18', 'resnet50']) {
    it(`${name}: strict load of torchvision's names (I64 num_batches_tracked included) and eval logits within 1e-3`, async () => {
      const before = d.memory().numTensors;
      const { tensors, metadata } = await d.loadSafetensors(fixture(`${name}.safetensors`));
      const io = await d.loadSafetensors(fixture(`${name}.io.safetensors`));
      const model = ZOO[name].create(JSON.parse(metadata['dendrite.config']));
      model.loadStateDict(tensors);
      model.eval();
      const ours = d.noGrad(() => d.tidy(() => model.forward(d.cast(io.tensors.input, 'float32'))));
      const err = relativeError((await ours.data()) as Float32Array, (await io.tensors.logits.data()) as Float32Array);
      expect(ours.shape).toEqual(io.tensors.logits.shape);
      expect(err).toBeLessThan(1e-3);
      d.dispose([ours, ...Object.values(tensors), ...Object.values(io.tensors)]);
      model.dispose(); // also frees the batch norms' folded inference weights
      expect(d.memory().numTensors).toBe(before);
    });
  }

  it('a state dict with a wrong or missing name is refused whole, naming it', async () => {
    const { tensors, metadata } = await d.loadSafetensors(fixture('resnet18.safetensors'));
    const model = ZOO.resnet18.create(JSON.parse(metadata['dendrite.config']));
    const renamed: Record<string, d.Tensor> = { ...tensors, 'layer1.0.bn1.running_avg': tensors['layer1.0.bn1.running_var'] };
    delete renamed['layer1.0.bn1.running_var'];
    expect(() => model.loadStateDict(renamed)).toThrow(/missing: 'layer1\.0\.bn1\.running_var'.*unexpected: 'layer1\.0\.bn1\.running_avg'/);
    d.dispose(Object.values(tensors));
    release(model);
  });
});

describe('full-size torchvision state-dict layouts (names, shapes, dtypes of torchvision 0.14)', () => {
  const manifest = JSON.parse(gunzipSync(readFileSync(fixture('manifest.json.gz'))).toString()) as Record<string, [string, number[], string][]>;
  let previous = '';
  beforeAll(async () => {
    previous = d.getBackend().name;
    registerShapeOnlyBackend();
    await d.setBackend('shape-only');
  });
  afterAll(async () => {
    await d.setBackend(previous);
  });

  for (const name of Object.keys(manifest)) {
    it(`${name}: the same names and shapes, and a strict load of that layout`, () => {
      const model = ZOO[name].create();
      const ours = [...model.namedParameters(), ...model.namedBuffers()].map(([n, h]) => [n, h.shape]);
      const theirs = manifest[name].map(([n, shape]) => [n, shape]);
      const byName = (a: (string | readonly number[])[], b: (string | readonly number[])[]) => String(a[0]).localeCompare(String(b[0]));
      expect(ours.sort(byName)).toEqual(theirs.sort(byName));
      const state = Object.fromEntries(manifest[name].map(([n, shape, dtype]) => [n, d.zeros(shape, dtype === 'I64' ? 'int32' : 'float32')]));
      expect(model.loadStateDict(state)).toEqual({ missing: [], unexpected: [] });
      d.dispose(Object.values(state));
      release(model);
    });
  }
});
