// Opt-in (`npm run test:full`): full-size torchvision models with random
// weights, written by Debian's python3-torch one at a time, loaded strictly
// and compared with torch's eval logits on wasm at 224x224.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { ZOO } from '../src/index.js';

const PYTHON = process.env.DENDRITE_TORCH_PYTHON ?? '/usr/bin/python3';
const generator = new URL('../test/fixtures/torchvision/generate.py', import.meta.url).pathname;
const NAMES = (process.env.DENDRITE_FULL_MODELS ?? 'alexnet,vgg11,vgg11_bn,vgg13,vgg13_bn,vgg16,vgg16_bn,vgg19,vgg19_bn,googlenet,resnet18,resnet34,resnet50,resnet101,resnet152').split(',');

function hasTorch(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PYTHON} cannot import torch and torchvision (apt install python3-torch python3-torchvision)`;
  }
}

const missing = hasTorch();
if (missing) console.warn(`skipping the full-size torchvision comparison: ${missing}`);

describe.skipIf(missing !== null)('full-size torchvision models on wasm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-tv-'));
  beforeAll(async () => {
    d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
    await d.setBackend('wasm');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of NAMES) {
    it(`${name}: torchvision's state dict loads strictly and the logits match within 1e-3`, async () => {
      execFileSync(PYTHON, [generator, '--full', dir, '--only', name], { stdio: 'inherit' });
      const file = join(dir, `${name}.safetensors`);
      expect(existsSync(file)).toBe(true);
      const before = d.memory().numTensors;
      const model = ZOO[name].create();
      const { tensors } = await d.loadSafetensors(file);
      model.loadStateDict(tensors);
      d.dispose(Object.values(tensors));
      model.eval();
      const io = await d.loadSafetensors(join(dir, `${name}.io.safetensors`));
      const t0 = performance.now();
      const out = d.noGrad(() => model.forward(io.tensors.input));
      const ours = (await out.data()) as Float32Array;
      const ms = performance.now() - t0;
      const ref = (await io.tensors.logits.data()) as Float32Array;
      let err = 0;
      let scale = 0;
      ref.forEach((r, i) => {
        err = Math.max(err, Math.abs(ours[i] - r));
        scale = Math.max(scale, Math.abs(r));
      });
      console.log(`${name}: max |ours - torch| / max |torch| = ${(err / scale).toExponential(2)}, forward ${ms.toFixed(0)} ms (batch 2, 224x224)`);
      expect(err / scale).toBeLessThan(1e-3);
      d.dispose([out, ...Object.values(io.tensors)]);
      model.dispose(); // also frees the eval-mode BatchNorm folds
      expect(d.memory().numTensors).toBe(before);
      rmSync(file);
    });
  }
});
