// The augmentation gallery: every transform of @dendrite/data on a real photo.
import { Generator, type Tensor, tensor, tidy } from '@dendrite/core';
import {
  CenterCrop,
  ColorJitter,
  GaussianBlur,
  Grayscale,
  RandomAffine,
  RandomCrop,
  RandomErasing,
  RandomHorizontalFlip,
  RandomResizedCrop,
  RandomRotation,
  RandomVerticalFlip,
  type Transform,
} from '@dendrite/data';
import { fail, useBackend } from './_backend.js';

const COPIES = 3;

/** The transforms shown, each with the code that builds it. */
const TRANSFORMS: [string, () => Transform][] = [
  ['new RandomHorizontalFlip()', () => new RandomHorizontalFlip()],
  ['new RandomVerticalFlip()', () => new RandomVerticalFlip()],
  ["new RandomCrop([128, 192], { padding: 24, padMode: 'reflect' })", () => new RandomCrop([128, 192], { padding: 24, padMode: 'reflect' })],
  ['new CenterCrop(120)', () => new CenterCrop(120)],
  ['new RandomResizedCrop([160, 240], { scale: [0.2, 1] })', () => new RandomResizedCrop([160, 240], { scale: [0.2, 1] })],
  ['new RandomRotation(30)', () => new RandomRotation(30)],
  ['new RandomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.8, 1.2], shear: 15 })', () => new RandomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.8, 1.2], shear: 15 })],
  ['new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.6, hue: 0.15 })', () => new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.6, hue: 0.15 })],
  ['new Grayscale(3)', () => new Grayscale(3)],
  ['new GaussianBlur(11, [1, 4])', () => new GaussianBlur(11, [1, 4])],
  ['new RandomErasing({ p: 1 })', () => new RandomErasing({ p: 1 })],
];

/** Decodes the photo through an <img> and a canvas into a [1, 3, H, W] float32 tensor in [0, 1]. */
async function loadPhoto(url: string): Promise<Tensor> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(img, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
  const planes = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let ch = 0; ch < 3; ch++) planes[ch * width * height + i] = data[4 * i + ch] / 255;
  return tensor(planes, [1, 3, height, width]);
}

/** Draws image `n` of an NCHW batch (values in [0, 1]; 1 or 3 channels) into a new canvas. */
async function toCanvas(batch: Tensor, n: number): Promise<HTMLCanvasElement> {
  const [, ch, h, w] = batch.shape;
  const all = await batch.data();
  const img = new ImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    for (let k = 0; k < 3; k++) img.data[4 * i + k] = Math.round(Math.min(1, Math.max(0, all[((n * ch) + (ch === 1 ? 0 : k)) * w * h + i])) * 255);
    img.data[4 * i + 3] = 255;
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  return canvas;
}

async function render(photo: Tensor, seed: number): Promise<number> {
  const gallery = document.getElementById('gallery')!;
  gallery.replaceChildren();
  document.getElementById('seed')!.textContent = `seed ${seed}`;
  const batch = tidy(() => photo.broadcastTo([COPIES, ...photo.shape.slice(1)]));
  const rows: [string, Tensor][] = [['the photo', batch]];
  const generator = new Generator(seed);
  for (const [code, make] of TRANSFORMS) rows.push([code, make().apply(batch, generator)]);
  let shown = 0;
  for (const [code, out] of rows) {
    const section = document.createElement('section');
    const title = document.createElement('h3');
    title.innerHTML = `<code></code>`;
    title.firstChild!.textContent = code;
    section.append(title);
    const row = document.createElement('div');
    row.className = 'row';
    for (let n = 0; n < (out === batch ? 1 : COPIES); n++) row.append(await toCanvas(out, n));
    section.append(row);
    gallery.append(section);
    if (out !== batch) out.dispose();
    shown++;
  }
  batch.dispose();
  return shown;
}

async function main(): Promise<void> {
  await useBackend('wasm');
  const photo = await loadPhoto('assets/chelsea.png');
  let seed = 1;
  let rendered = await render(photo, seed);
  document.getElementById('resample')!.addEventListener('click', async () => {
    rendered = await render(photo, ++seed).catch(fail);
  });
  // For the browser tests.
  Object.assign(globalThis, { augmentDemo: { ready: true, rendered: () => rendered, transforms: TRANSFORMS.length } });
}

main().catch(fail);
