// VAE sampler: the zoo's pretrained VAEs (20-d and 2-d latent, float16
// weights loaded into float32 models) decode codes from the prior, a straight
// line between two codes, and the 2-d model's latent plane, on WASM or WebGPU.
import { dispose, fromSafetensors, Generator, noGrad, randn, type Tensor, tensor } from '@dendrite/core';
import { VAE } from '@dendrite/models';
import { type DemoBackend, fail, markUnavailableBackends, useBackend, wasmThreads } from './_backend.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const select = $<HTMLSelectElement>('backend');

/** The plane's extent: z from −EXTENT to EXTENT on both axes (the prior puts 98.8% of its mass there). */
const EXTENT = 2.5;
/** Digits per side of the latent-plane picture. */
const PLANE_CELLS = 12;

interface Models {
  vae: VAE;
  vae2d: VAE;
}

/** Builds a zoo VAE and loads its shipped weights (float16 in the file; loadStateDict casts to the model's float32). */
async function loadVae(url: string, latent: number): Promise<VAE> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const { tensors } = fromSafetensors(new Uint8Array(await response.arrayBuffer()), url);
  const model = new VAE({ latent });
  try {
    model.loadStateDict(tensors);
  } finally {
    dispose(Object.values(tensors));
  }
  model.eval();
  return model;
}

/** Decodes `z` ([N, latent]) to N images of 28×28 in [0, 1], read back to the host. */
async function decode(model: VAE, z: Tensor): Promise<Float32Array> {
  const images = noGrad(() => model.decode(z));
  try {
    return (await images.data()) as Float32Array;
  } finally {
    images.dispose();
  }
}

/** Draws `n` 28×28 images (values in [0, 1], white ink on black) into `ctx`, `cols` per row, from (x0, y0). */
function drawDigits(ctx: CanvasRenderingContext2D, pixels: Float32Array, n: number, cols: number, x0 = 0, y0 = 0): void {
  const img = ctx.createImageData(28, 28);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < 784; i++) {
      const v = Math.round(Math.min(1, Math.max(0, pixels[k * 784 + i])) * 255);
      img.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(img, x0 + (k % cols) * 28, y0 + Math.floor(k / cols) * 28);
  }
}

let models: Models | null = null;
let backendName: DemoBackend = 'wasm';
let backendThreads: number | null = null;
let sampleSeed = 0;
let interpolationSeed = 1000;
let lastZ: [number, number] | null = null;

const samplesCtx = $<HTMLCanvasElement>('samples').getContext('2d', { willReadFrequently: true })!;
const interpCtx = $<HTMLCanvasElement>('interpolation').getContext('2d', { willReadFrequently: true })!;
const planeCanvas = $<HTMLCanvasElement>('plane');
const planeCtx = planeCanvas.getContext('2d', { willReadFrequently: true })!;
const zoomCtx = $<HTMLCanvasElement>('zoom').getContext('2d', { willReadFrequently: true })!;
/** The decoded plane without the click marker, kept to redraw under a new marker. */
const planeImage = document.createElement('canvas');
planeImage.width = planeImage.height = PLANE_CELLS * 28;

/** 64 digits from z ~ N(0, I), seeded so every backend draws the same codes. */
async function sample(): Promise<void> {
  const { vae } = models!;
  const z = randn([64, vae.latent], { generator: new Generator(sampleSeed) });
  const pixels = await decode(vae, z);
  z.dispose();
  drawDigits(samplesCtx, pixels, 64, 8);
  $('seed').textContent = `seed ${sampleSeed}`;
}

/** Ten codes on the line from z0 to z1 (both from the prior), decoded. */
async function interpolate(): Promise<void> {
  const { vae } = models!;
  const ends = randn([2, vae.latent], { generator: new Generator(interpolationSeed) });
  const e = (await ends.data()) as Float32Array;
  ends.dispose();
  const d = vae.latent;
  const codes = new Float32Array(10 * d);
  for (let k = 0; k < 10; k++) for (let j = 0; j < d; j++) codes[k * d + j] = e[j] * (1 - k / 9) + e[d + j] * (k / 9);
  const z = tensor(codes, [10, d]);
  const pixels = await decode(vae, z);
  z.dispose();
  drawDigits(interpCtx, pixels, 10, 10);
}

/** The 2-d model's decoder over a PLANE_CELLS² grid of z (z₁ right, z₂ up). */
async function drawPlane(): Promise<void> {
  const n = PLANE_CELLS;
  const codes = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      codes[2 * (r * n + c)] = -EXTENT + ((c + 0.5) * 2 * EXTENT) / n;
      codes[2 * (r * n + c) + 1] = EXTENT - ((r + 0.5) * 2 * EXTENT) / n;
    }
  }
  const z = tensor(codes, [n * n, 2]);
  const pixels = await decode(models!.vae2d, z);
  z.dispose();
  drawDigits(planeImage.getContext('2d')!, pixels, n * n, n);
  redrawPlane();
}

function redrawPlane(): void {
  planeCtx.drawImage(planeImage, 0, 0);
  if (!lastZ) return;
  const s = planeCanvas.width / (2 * EXTENT);
  const [x, y] = [(lastZ[0] + EXTENT) * s, (EXTENT - lastZ[1]) * s];
  planeCtx.strokeStyle = '#f00';
  planeCtx.lineWidth = 2;
  planeCtx.beginPath();
  planeCtx.arc(x, y, 7, 0, 2 * Math.PI);
  planeCtx.stroke();
}

/** Decodes the clicked point of the plane into the zoomed view. */
async function decodeAt(z1: number, z2: number): Promise<void> {
  lastZ = [z1, z2];
  const z = tensor(new Float32Array([z1, z2]), [1, 2]);
  const pixels = await decode(models!.vae2d, z);
  z.dispose();
  drawDigits(zoomCtx, pixels, 1, 1);
  $('z').textContent = `z = (${z1.toFixed(2)}, ${z2.toFixed(2)})`;
  redrawPlane();
}

async function start(name: DemoBackend): Promise<void> {
  if (models) dispose([...models.vae.parameters(), ...models.vae2d.parameters()].map((p) => p.value));
  models = null;
  const backend = await useBackend(name);
  backendName = backend.name as DemoBackend;
  backendThreads = wasmThreads(backend);
  select.value = backendName;
  models = { vae: await loadVae('assets/vae-mnist.safetensors', 20), vae2d: await loadVae('assets/vae2d-mnist.safetensors', 2) };
  await sample();
  await interpolate();
  await drawPlane();
  await decodeAt(lastZ?.[0] ?? 0, lastZ?.[1] ?? 0);
}

$('sample').addEventListener('click', () => {
  sampleSeed++;
  void sample().catch(fail);
});
$('interpolate').addEventListener('click', () => {
  interpolationSeed++;
  void interpolate().catch(fail);
});
planeCanvas.addEventListener('click', (e) => {
  if (!models) return;
  const r = planeCanvas.getBoundingClientRect();
  const z1 = -EXTENT + ((e.clientX - r.left) / r.width) * 2 * EXTENT;
  const z2 = EXTENT - ((e.clientY - r.top) / r.height) * 2 * EXTENT;
  void decodeAt(z1, z2).catch(fail);
});
select.addEventListener('change', () => void start(select.value as DemoBackend).catch(fail));

async function main(): Promise<void> {
  const { first, webgpuWhy: why } = await markUnavailableBackends(select);
  await start(first);
  // For the browser tests.
  Object.assign(globalThis, {
    vaeDemo: {
      ready: true,
      backend: () => (models ? backendName : null),
      threads: () => backendThreads,
      seed: () => sampleSeed,
      z: () => lastZ,
      webgpuUnavailable: why,
    },
  });
}

main().catch(fail);
