// The documentation site in headless Chromium: every page of the built site
// opens without console errors or failed requests, and each live demo is
// driven as a user would: a digit is drawn on the canvas with the mouse and
// the pretrained LeNet-5 must name it; the MLP demo trains 50 steps and its
// loss must fall; the augmentation gallery renders every transform; the
// embedding explorer must find 'queen' or 'prince' near 'king' and solve
// king − man + woman; the VAE sampler's canvases must hold digit-like ink
// (some ink per 28×28 tile, not filled, dark border). Demos run
// on the WASM backend both cross-origin isolated (COOP/COEP: worker threads
// over shared memory) and not (one thread on ordinary memory).
// Screenshots go to apps/docs/screenshots/.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types
import { serveSite } from '../scripts/serve.mjs';
import { type Browser, chromiumMissingReason, launchChromium } from './chromium.js';

const SITE = fileURLToPath(new URL('../site/', import.meta.url));
const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

const missing = chromiumMissingReason() ?? (existsSync(join(SITE, 'index.html')) ? null : 'apps/docs/site is not built (run `npm run docs`)');
if (missing) console.log(`docs browser tests skipped: ${missing}`);

interface Server {
  url: string;
  close(): Promise<void>;
}

/** Every page to open: the landing page, the module index, guides, architecture, module pages and demos. */
function pages(): string[] {
  const list = ['index.html', 'modules.html'];
  for (const dir of ['documents', 'modules', 'demos']) {
    for (const f of readdirSync(join(SITE, dir)).sort()) if (f.endsWith('.html')) list.push(`${dir}/${f}`);
  }
  return list;
}

/** Opens `path`, recording console errors, page errors and failed requests. */
async function open(browser: Browser, server: Server, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, problems };
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Draws a polyline on the digit board with the mouse; points are fractions of the board. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('#board').boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

const ellipse = (cx: number, cy: number, rx: number, ry: number): [number, number][] =>
  Array.from({ length: 33 }, (_, i) => [cx + rx * Math.sin((i / 32) * 2 * Math.PI), cy - ry * Math.cos((i / 32) * 2 * Math.PI)]);

/** Draws `strokes`, waits for the demo's prediction, and returns it. */
async function drawDigit(page: Page, strokes: [number, number][][]): Promise<{ digit: number; probabilities: number[] }> {
  await page.click('#clear');
  for (const s of strokes) await stroke(page, s);
  await page.waitForFunction(() => (globalThis as any).digitDemo.last() !== null);
  return page.evaluate(() => (globalThis as any).digitDemo.last());
}

/** Per 28×28 tile of a canvas of digits: mean ink, fraction of bright pixels (> 0.5) and mean of the 3-pixel border, in [0, 1]. */
async function inkStats(page: Page, selector: string): Promise<{ mean: number; bright: number; border: number }[]> {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel) as HTMLCanvasElement;
    const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const out: { mean: number; bright: number; border: number }[] = [];
    for (let ty = 0; ty < height / 28; ty++) {
      for (let tx = 0; tx < width / 28; tx++) {
        let [sum, bright, edge, edgeN] = [0, 0, 0, 0];
        for (let y = 0; y < 28; y++) {
          for (let x = 0; x < 28; x++) {
            // The green channel: the digits are gray, the plane's click marker pure red.
            const v = data[((ty * 28 + y) * width + tx * 28 + x) * 4 + 1] / 255;
            sum += v;
            if (v > 0.5) bright++;
            if (x < 3 || y < 3 || x >= 25 || y >= 25) [edge, edgeN] = [edge + v, edgeN + 1];
          }
        }
        out.push({ mean: sum / 784, bright: bright / 784, border: edge / edgeN });
      }
    }
    return out;
  }, selector);
}

/**
 * Digit-like ink: MNIST digits cover about 19% of their 28×28 box with ink
 * (mean pixel 0.13; a thin "1" far less), on a black border. Each tile must
 * have some ink but not be filled (a blank, noisy or saturated decoder
 * fails) and a dark border; a grid's average ink must be MNIST-like.
 */
function expectDigitLike(tiles: { mean: number; bright: number; border: number }[]): void {
  for (const [i, t] of tiles.entries()) {
    const at = `tile ${i}: mean ${t.mean.toFixed(3)}, bright ${t.bright.toFixed(3)}, border ${t.border.toFixed(3)}`;
    expect(t.mean, at).toBeGreaterThan(0.015);
    expect(t.mean, at).toBeLessThan(0.4);
    expect(t.bright, at).toBeGreaterThan(0.005);
    expect(t.bright, at).toBeLessThan(0.45);
    expect(t.border, at).toBeLessThan(0.1);
  }
  if (tiles.length >= 10) {
    const mean = tiles.reduce((s, t) => s + t.mean, 0) / tiles.length;
    expect(mean, `average ink of ${tiles.length} tiles`).toBeGreaterThan(0.06);
    expect(mean, `average ink of ${tiles.length} tiles`).toBeLessThan(0.25);
  }
}

describe.skipIf(missing !== null)('docs site in Chromium', () => {
  let browser: Browser;
  let isolated: Server;
  let plain: Server;

  beforeAll(async () => {
    browser = await launchChromium();
    isolated = await serveSite({ root: SITE, isolation: true });
    plain = await serveSite({ root: SITE, isolation: false });
  });
  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
  });

  it('opens every page without console errors or failed requests', async () => {
    const list = pages();
    expect(list.length).toBeGreaterThan(20);
    const all: string[] = [];
    const visit = async (path: string) => {
      const t0 = performance.now();
      const { page, problems } = await open(browser, isolated, path);
      if (path.startsWith('demos/') && path !== 'demos/index.html') {
        await page.waitForFunction(() => /backend: |error: /.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
      }
      const status = await page.evaluate(() => document.getElementById('status')?.textContent ?? '');
      if (status.startsWith('error:')) problems.push(`status line: ${status}`);
      if (path === 'index.html' || path.startsWith('documents/') || path === 'demos/index.html') await shot(page, path.replace(/[/.]/g, '_'), false);
      all.push(...problems.map((p) => `${path}: ${p}`));
      await page.close();
      if (process.env.DOCS_TIMING) console.log(`${path}: ${(performance.now() - t0).toFixed(0)} ms`);
    };
    // Three tabs at a time.
    const queue = [...list];
    await Promise.all([0, 1, 2].map(async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) await visit(path);
    }));
    expect(all).toEqual([]);
  });

  for (const mode of (process.env.DOCS_ONLY_PAGES ? [] : ['isolated', 'plain']) as ('isolated' | 'plain')[]) {
    describe(`${mode === 'isolated' ? 'with' : 'without'} COOP/COEP`, () => {
      const server = () => (mode === 'isolated' ? isolated : plain);

      it('digits: a drawn 1, 0 and 7 are read as 1, 0 and 7', async () => {
        const { page, problems } = await open(browser, server(), 'demos/digits.html');
        await page.waitForFunction(() => (globalThis as any).digitDemo?.ready === true, undefined, { timeout: 60_000 });
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(mode === 'isolated');
        const { backend, threads, wanted } = await page.evaluate(() => ({
          backend: (globalThis as any).digitDemo.backend,
          threads: (globalThis as any).digitDemo.threads,
          wanted: Math.min(4, navigator.hardwareConcurrency || 1),
        }));
        expect(backend).toBe('wasm');
        expect(threads).toBe(mode === 'isolated' ? wanted : 1);
        const one = await drawDigit(page, [[[0.5, 0.15], [0.5, 0.85]]]);
        expect(one.digit, `probabilities ${one.probabilities.map((p) => p.toFixed(3))}`).toBe(1);
        const zero = await drawDigit(page, [ellipse(0.5, 0.5, 0.22, 0.34)]);
        expect(zero.digit, `probabilities ${zero.probabilities.map((p) => p.toFixed(3))}`).toBe(0);
        const seven = await drawDigit(page, [[[0.25, 0.18], [0.75, 0.18], [0.42, 0.85]]]);
        expect(seven.digit, `probabilities ${seven.probabilities.map((p) => p.toFixed(3))}`).toBe(7);
        expect(Math.abs(seven.probabilities.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
        expect(await page.textContent('#prediction')).toBe('7');
        await shot(page, `digits-${mode}`);
        expect(problems).toEqual([]);
        await page.close();
      });

      it(`mlp: 50 training steps on WASM (${mode === 'isolated' ? 'worker threads' : 'one thread'}) and the loss falls`, async () => {
        const { page, problems } = await open(browser, server(), 'demos/mlp.html');
        await page.waitForFunction(() => (globalThis as any).mlpDemo?.ready === true, undefined, { timeout: 60_000 });
        const status = await page.textContent('#status');
        expect(status).toContain(mode === 'isolated' ? 'cross-origin isolated: WASM uses worker threads' : 'not cross-origin isolated: WASM runs single-threaded');
        // WASM runs in both modes: without isolation on ordinary memory and one thread, with it on
        // shared memory and min(4, cores) threads (the main thread plus workers).
        const { backend, threads, wanted } = await page.evaluate(() => ({
          backend: (globalThis as any).mlpDemo.backend(),
          threads: (globalThis as any).mlpDemo.threads(),
          wanted: Math.min(4, navigator.hardwareConcurrency || 1),
        }));
        expect(backend).toBe('wasm');
        expect(threads).toBe(mode === 'isolated' ? wanted : 1);
        expect(status).toContain(`backend: wasm (WebAssembly `);
        expect(status).toContain(`, ${threads} thread${threads === 1 ? '' : 's'})`);
        await page.click('#train');
        await page.waitForFunction(() => (globalThis as any).mlpDemo.losses().length >= 50, undefined, { timeout: 90_000 });
        await page.click('#train');
        const losses: number[] = await page.evaluate(() => (globalThis as any).mlpDemo.losses());
        expect(losses.every(Number.isFinite)).toBe(true);
        // Full-batch Adam on 300 points from ln 3 ≈ 1.1: 50 steps cut the loss by far more than 20%.
        expect(losses[49]).toBeLessThan(losses[0] * 0.8);
        const why = await page.evaluate(() => (globalThis as any).mlpDemo.webgpuUnavailable);
        if (why) console.log(`mlp demo: WebGPU option disabled in this browser: ${why}`);
        await shot(page, `mlp-${mode}`);
        expect(problems).toEqual([]);
        await page.close();
      });
      it('embeddings: nearest words, an analogy and the PCA map', async () => {
        const { page, problems } = await open(browser, server(), 'demos/embeddings.html');
        await page.waitForFunction(() => (globalThis as any).embeddingDemo?.ready === true, undefined, { timeout: 90_000 });
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(mode === 'isolated');
        expect(await page.evaluate(() => [(globalThis as any).embeddingDemo.size, (globalThis as any).embeddingDemo.dim])).toEqual([20_000, 100]);
        const neighbours = async (word: string): Promise<[string, number][]> => {
          await page.fill('#word', word);
          const n = await page.evaluate(() => (globalThis as any).embeddingDemo.queries());
          await page.click('#near-form button');
          await page.waitForFunction((k) => (globalThis as any).embeddingDemo.queries() > k, n);
          return page.evaluate(() => (globalThis as any).embeddingDemo.neighbours());
        };
        const king = await neighbours('king');
        const kingWords = king.map(([w]) => w);
        expect(kingWords.includes('queen') || kingWords.includes('prince'), kingWords.join(' ')).toBe(true);
        expect(kingWords).not.toContain('king');
        // Cosine scores, best first.
        for (let i = 1; i < king.length; i++) expect(king[i][1]).toBeLessThanOrEqual(king[i - 1][1]);
        expect(king[0][1]).toBeGreaterThan(0.5);
        expect(king[0][1]).toBeLessThanOrEqual(1);
        expect(await page.locator('#neighbours tr').count()).toBe(10);
        const paris = (await neighbours('Paris')).map(([w]) => w);
        expect(paris.includes('france') || paris.includes('london'), paris.join(' ')).toBe(true);
        // king − man + woman → queen.
        await page.fill('#a', 'man');
        await page.fill('#b', 'king');
        await page.fill('#c', 'woman');
        await page.click('#analogy-form button');
        await page.waitForFunction(() => (globalThis as any).embeddingDemo.analogy()[0]?.[0] === 'queen', undefined, { timeout: 10_000 });
        // An unknown word is said in the page (no exception, no console error).
        expect(await neighbours('zzqxj')).toEqual([]);
        expect(await page.textContent('#neighbours')).toContain('"zzqxj" is not in the vocabulary');
        expect((await neighbours('king')).map(([w]) => w)).toEqual(kingWords);
        const projected = await page.evaluate(() => (globalThis as any).embeddingDemo.projection());
        expect(projected.length).toBe(18);
        expect(projected.every((p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
        await shot(page, `embeddings-${mode}`);
        expect(problems).toEqual([]);
        await page.close();
      });

      it('vae: samples from the prior, an interpolation and the latent plane look like digits', async () => {
        const { page, problems } = await open(browser, server(), 'demos/vae.html');
        await page.waitForFunction(() => (globalThis as any).vaeDemo?.ready === true, undefined, { timeout: 90_000 });
        const { backend, threads, wanted } = await page.evaluate(() => ({
          backend: (globalThis as any).vaeDemo.backend(),
          threads: (globalThis as any).vaeDemo.threads(),
          wanted: Math.min(4, navigator.hardwareConcurrency || 1),
        }));
        expect(backend).toBe('wasm');
        expect(threads).toBe(mode === 'isolated' ? wanted : 1);
        const before = await inkStats(page, '#samples');
        await page.click('#sample');
        await page.waitForFunction(() => document.getElementById('seed')?.textContent === 'seed 1');
        const after = await inkStats(page, '#samples');
        expect(after.length).toBe(64);
        expectDigitLike(after);
        // A new seed draws new digits.
        expect(after.map((t) => t.mean)).not.toEqual(before.map((t) => t.mean));
        expectDigitLike(await inkStats(page, '#interpolation'));
        expectDigitLike(await inkStats(page, '#plane'));
        // A click on the plane decodes that point: top-left is z = (−2.5, 2.5) side, the centre z ≈ (0, 0).
        const box = (await page.locator('#plane').boundingBox())!;
        await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
        await page.waitForFunction(() => ((globalThis as any).vaeDemo.z()?.[0] ?? 0) < -1);
        const [z1, z2] = await page.evaluate(() => (globalThis as any).vaeDemo.z());
        expect(z1).toBeCloseTo(-1.25, 1);
        expect(z2).toBeCloseTo(-1.25, 1);
        expectDigitLike(await inkStats(page, '#zoom'));
        await shot(page, `vae-${mode}`);
        expect(problems).toEqual([]);
        await page.close();
      });
    });
  }

  it('augmentation gallery renders the photo and every transform', async () => {
    const { page, problems } = await open(browser, isolated, 'demos/augment.html');
    await page.waitForFunction(() => (globalThis as any).augmentDemo?.ready === true, undefined, { timeout: 60_000 });
    const { rendered, transforms } = await page.evaluate(() => ({ rendered: (globalThis as any).augmentDemo.rendered(), transforms: (globalThis as any).augmentDemo.transforms }));
    expect(rendered).toBe(transforms + 1);
    expect(await page.locator('#gallery canvas').count()).toBe(1 + 3 * transforms);
    await shot(page, 'augment');
    expect(problems).toEqual([]);
    await page.close();
    console.log(`docs browser screenshots in ${relative(process.cwd(), SHOTS)}`);
  });
});

// WebGPU needs the GPU process that --disable-gpu turns off, and Chromium on
// Linux enables it only with --enable-unsafe-webgpu; without a GPU its adapter
// is SwiftShader (a CPU Vulkan). A separate browser, so the suite above keeps
// the prescribed flags.
const WEBGPU_FLAG_SETS = [['--enable-unsafe-webgpu'], ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader']];

describe.skipIf(missing !== null)('mlp and vae demos on WebGPU in Chromium', () => {
  it('switches to WebGPU, trains 50 steps, and the loss falls (skips with the reason when there is no adapter)', async () => {
    const server: Server = await serveSite({ root: SITE, isolation: true });
    try {
      let why = '';
      for (const flags of WEBGPU_FLAG_SETS) {
        const browser = await launchChromium(flags, ['--disable-gpu']);
        try {
          const { page, problems } = await open(browser, server, 'demos/mlp.html');
          await page.waitForFunction(() => (globalThis as any).mlpDemo?.ready === true, undefined, { timeout: 60_000 });
          why = await page.evaluate(() => (globalThis as any).mlpDemo.webgpuUnavailable ?? '');
          if (why) {
            console.log(`mlp demo WebGPU with flags ${flags.join(' ')}: ${why}`);
            continue;
          }
          await page.selectOption('#backend', 'webgpu');
          await page.waitForFunction(() => (globalThis as any).mlpDemo.backend() === 'webgpu' && (globalThis as any).mlpDemo.losses().length === 0, undefined, { timeout: 60_000 });
          await page.click('#train');
          await page.waitForFunction(() => (globalThis as any).mlpDemo.losses().length >= 50, undefined, { timeout: 120_000 });
          await page.click('#train');
          const losses: number[] = await page.evaluate(() => (globalThis as any).mlpDemo.losses());
          expect(losses.every(Number.isFinite)).toBe(true);
          expect(losses[49]).toBeLessThan(losses[0] * 0.8);
          expect(await page.textContent('#status')).toContain('backend: webgpu');
          await shot(page, 'mlp-webgpu');
          expect(problems.filter((p) => !/No available adapters/.test(p))).toEqual([]);
          return;
        } finally {
          await browser.close();
        }
      }
      console.log(`mlp demo on WebGPU skipped: no WebGPU adapter in this Chromium (${why})`);
    } finally {
      await server.close();
    }
  });

  it('vae demo: switches to WebGPU and its samples still look like digits (skips with the reason when there is no adapter)', async () => {
    const server: Server = await serveSite({ root: SITE, isolation: true });
    try {
      let why = '';
      for (const flags of WEBGPU_FLAG_SETS) {
        const browser = await launchChromium(flags, ['--disable-gpu']);
        try {
          const { page, problems } = await open(browser, server, 'demos/vae.html');
          await page.waitForFunction(() => (globalThis as any).vaeDemo?.ready === true, undefined, { timeout: 90_000 });
          why = await page.evaluate(() => (globalThis as any).vaeDemo.webgpuUnavailable ?? '');
          if (why) {
            console.log(`vae demo WebGPU with flags ${flags.join(' ')}: ${why}`);
            continue;
          }
          const onWasm = await inkStats(page, '#samples');
          await page.selectOption('#backend', 'webgpu');
          await page.waitForFunction(() => (globalThis as any).vaeDemo.backend() === 'webgpu', undefined, { timeout: 90_000 });
          const onGpu = await inkStats(page, '#samples');
          expectDigitLike(onGpu);
          // The same seeded codes through the same weights: the same digits up to float rounding (8-bit pixels).
          for (let i = 0; i < 64; i++) expect(Math.abs(onGpu[i].mean - onWasm[i].mean)).toBeLessThan(0.01);
          expect(await page.textContent('#status')).toContain('backend: webgpu');
          await shot(page, 'vae-webgpu');
          expect(problems.filter((p) => !/No available adapters/.test(p))).toEqual([]);
          return;
        } finally {
          await browser.close();
        }
      }
      console.log(`vae demo on WebGPU skipped: no WebGPU adapter in this Chromium (${why})`);
    } finally {
      await server.close();
    }
  });
});
