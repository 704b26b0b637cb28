import { Generator, getBackend, rand, registerBackend, setBackend, tidy } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbToHsv } from '../src/color/hsv.js';
import { rgbToLab } from '../src/color/lab.js';
import { RandomAffine } from '../src/transforms/affine.js';
import { ColorJitter } from '../src/transforms/color-jitter.js';
import { Compose } from '../src/transforms/compose.js';
import { RandomCrop } from '../src/transforms/crop.js';
import { RandomHorizontalFlip } from '../src/transforms/flip.js';
import { GaussianBlur } from '../src/transforms/gaussian-blur.js';
import { Normalize } from '../src/transforms/normalize.js';
import { RandomErasing } from '../src/transforms/random-erasing.js';
import { RandomResizedCrop } from '../src/transforms/resized-crop.js';

// The same pipeline and seed on the WASM backend must match the reference backend.
let wasmReason = '';
try {
  const { createWasmBackend } = await import('@dendrite/backend-wasm');
  registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await setBackend('wasm');
} catch (err) {
  wasmReason = (err as Error).message.split('\n')[0];
  console.log(`WASM cross-backend test skipped: ${wasmReason}`);
}
afterAll(async () => {
  await setBackend('reference');
});

/** The pipeline's output and two color conversions, read back to the host (tensors freed by tidy). */
function runPipeline(seedValue: number): Float32Array[] {
  const out: Float32Array[] = [];
  tidy(() => {
    const g = new Generator(seedValue);
    const x = rand([6, 3, 16, 16], { generator: new Generator(1) });
    const pipeline = new Compose([
      new RandomResizedCrop(12),
      new RandomHorizontalFlip(),
      new RandomCrop(12, { padding: 2, padMode: 'reflect' }),
      new RandomAffine({ degrees: 20, translate: [0.1, 0.1], scale: [0.9, 1.1] }),
      new ColorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05 }),
      new GaussianBlur(3),
      new RandomErasing({ p: 0.5 }),
      new Normalize([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]),
    ]);
    for (const t of [pipeline.apply(x, g), rgbToHsv(x), rgbToLab(x)]) out.push(t.dataSync() as Float32Array);
  });
  return out;
}

describe('transforms on the WASM backend', () => {
  it.skipIf(wasmReason !== '')('match the reference backend for the same seed', async () => {
    expect(getBackend().name).toBe('wasm');
    const onWasm = runPipeline(7);
    await setBackend('reference');
    const onRef = runPipeline(7);
    onWasm.forEach((w, k) => {
      let m = 0;
      for (let i = 0; i < w.length; i++) m = Math.max(m, Math.abs(w[i] - onRef[k][i]));
      // Different float32 summation orders and fused multiply-adds: 1e-4 on values of order 1-100 (Lab).
      expect(m).toBeLessThan(k === 2 ? 1e-3 : 1e-4);
    });
  });
});
