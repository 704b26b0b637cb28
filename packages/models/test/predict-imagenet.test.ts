// ImageNet-style prediction: torchvision's evaluation preprocessing, class
// names, ten-crop averaging, and zoo models with --weights or shipped weights.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { IMAGENET_CLASSES, IMAGENET_PREPROCESSING, preprocessImage, ResNet, ZOO } from '../src/index.js';
import { run } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-predict-'));

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});


/** A 300x400 RGB test image: horizontal red ramp, vertical green ramp, constant blue. */
function testImage(): { width: number; height: number; channels: 3; data: Uint8Array } {
  const width = 400;
  const height = 300;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([Math.round((x / (width - 1)) * 255), Math.round((y / (height - 1)) * 255), 77], (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

describe('ImageNet preprocessing and predict', () => {
  it('has the 1,000 ImageNet class names in torchvision order', () => {
    expect(IMAGENET_CLASSES).toHaveLength(1000);
    expect([IMAGENET_CLASSES[0], IMAGENET_CLASSES[281], IMAGENET_CLASSES[999]]).toEqual(['tench', 'tabby', 'toilet tissue']);
    expect(ZOO.resnet50.classes).toBe(IMAGENET_CLASSES);
  });

  it('resizes the shorter side to 256, center-crops 224 and normalizes with the ImageNet mean/std', async () => {
    const img = testImage();
    const x = preprocessImage(img, IMAGENET_PREPROCESSING);
    expect(x.shape).toEqual([1, 3, 224, 224]);
    const v = (await x.data()) as Float32Array;
    // Blue is constant 77: (77/255 - 0.406) / 0.225 everywhere.
    expect(v[2 * 224 * 224 + 5000]).toBeCloseTo((77 / 255 - 0.406) / 0.225, 5);
    // 300x400 -> 256x341; the crop starts at column floor((341 - 224) / 2) = 58, so its centre column sits near
    // column 58 + 112 = 170 of 341 -- the middle of the red ramp (0.5 within one resized pixel).
    const red = (v[112 * 224 + 112] * 0.229 + 0.485) * 255;
    expect(Math.abs(red - 127.5)).toBeLessThan(255 / 341 + 1);
    const ten = preprocessImage(img, IMAGENET_PREPROCESSING, 'ten-crop');
    expect(ten.shape).toEqual([10, 3, 224, 224]);
    // Crop 5 is the centre crop (after the four corners); crop 6 is the mirrored top-left one.
    const t = (await ten.data()) as Float32Array;
    const plane = 3 * 224 * 224;
    expect(Array.from(t.subarray(4 * plane, 5 * plane))).toEqual(Array.from(v));
    expect(t[5 * plane + 0]).not.toBeCloseTo(t[0], 3);
    d.dispose([x, ten]);
  });

  it('predict resnet18 image.png --weights prints the top 5 ImageNet names; --tta ten-crop averages ten crops', async () => {
    d.seed(5);
    const net = new ResNet({ depth: 18 });
    const weights = join(dir, 'resnet18.safetensors');
    await net.save(weights);
    net.dispose();
    const png = new PNG({ width: 400, height: 300 });
    const img = testImage();
    for (let i = 0; i < 400 * 300; i++) png.data.set([img.data[i * 3], img.data[i * 3 + 1], img.data[i * 3 + 2], 255], i * 4);
    const file = join(dir, 'ramp.png');
    writeFileSync(file, PNG.sync.write(png));
    const line = /ramp\.png: (.+) \((\d+\.\d)%\), (.+) \((\d+\.\d)%\), (.+) \((\d+\.\d)%\), (.+) \((\d+\.\d)%\), (.+) \((\d+\.\d)%\)$/;
    const one = await run('predict', 'resnet18', file, '--weights', weights, '--backend', 'wasm');
    expect(one.code, one.err).toBe(0);
    const m = line.exec(one.out);
    expect(m, one.out).not.toBeNull();
    expect(IMAGENET_CLASSES).toContain(m![1]);
    const ten = await run('predict', 'resnet18', file, '--weights', weights, '--tta', 'ten-crop', '--backend', 'wasm');
    expect(ten.code, ten.err).toBe(0);
    expect(ten.out).toMatch(line);
    expect(ten.out).not.toBe(one.out);
    expect((await run('predict', 'resnet18', file)).err).toMatch(/ships no weights here: pass --weights/);
    expect((await run('predict', 'lenet5', file, '--tta', 'ten-crop')).err).toMatch(/--tta ten-crop needs a model whose input is cropped/);
  });
});
