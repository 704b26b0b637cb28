// Bundles a program that uses core + backend-wasm + backend-webgpu + layers
// + data + models, with the esbuild CLI and no configuration (`esbuild app.js
// --bundle`), and runs it in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core) twice: served with COOP/COEP (cross-origin
// isolated: wasm threads over shared memory) and without (single-threaded on
// ordinary memory). Checks which backend ran, its thread count, that the
// loss falls, that the browser build decodes a PNG with the platform, and that
// @dendrite/models runs in a page: a LeNet-5 forward, the pretrained weights
// loaded from the served file (the package's `./weights/*` export), and a
// Node-only feature failing with a typed error that names it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, skip } from './check.mjs';
import { repoRoot } from './workspace.mjs';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const requireRoot = createRequire(join(repoRoot, 'package.json'));

/** A 3x2 RGB PNG with known pixels, written by pngjs in Node. */
function testPng() {
  const { PNG } = requireRoot('pngjs');
  const png = new PNG({ width: 3, height: 2, colorType: 2 });
  const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 200, 150, 100, 7, 77, 177];
  for (let i = 0; i < 6; i++) png.data.set([rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255], 4 * i);
  return { base64: PNG.sync.write(png, { colorType: 2 }).toString('base64'), rgb };
}

function appSource(png) {
  return `import { argmax, fromSafetensors, getBackend, matmul, randn, ready, seed } from '@dendrite/core';
import '@dendrite/backend-wasm';
import '@dendrite/backend-webgpu';
import { Adam, CrossEntropyLoss, Linear, ReLU, Sequential } from '@dendrite/layers';
import { DataLoader, TensorDataset, decodeImageAsync } from '@dendrite/data';
import { brownCorpus, lenet5 } from '@dendrite/models';

async function main() {
  const { backend, unavailable } = await ready();
  seed(0);
  const x = randn([256, 4]);
  const y = argmax(matmul(x, randn([4, 3])), 1);
  const model = new Sequential(new Linear(4, 32), new ReLU(), new Linear(32, 3));
  const lossFn = new CrossEntropyLoss();
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, seed: 0 });
  const losses = [];
  for (let epoch = 0; epoch < 6; epoch++) {
    let sum = 0, batches = 0;
    for await (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(xb), yb);
      loss.backward();
      optimizer.step();
      sum += (await loss.data())[0];
      batches++;
      for (const t of [xb, yb, loss]) t.dispose();
    }
    losses.push(sum / batches);
  }
  const bytes = Uint8Array.from(atob(${JSON.stringify(png.base64)}), (c) => c.charCodeAt(0));
  const img = await decodeImageAsync(bytes, 'test.png');
  const lenetShape = lenet5().forward(randn([2, 1, 28, 28])).shape;
  const weightsUrl = new URL('/lenet5-mnist.safetensors', location.href);
  const trained = await lenet5({ pretrained: true, weights: weightsUrl });
  const { tensors } = fromSafetensors(new Uint8Array(await (await fetch(weightsUrl)).arrayBuffer()));
  let weightsLoaded = Object.keys(tensors).length > 0;
  for (const [name, t] of Object.entries(trained.stateDict())) {
    weightsLoaded &&= name in tensors && JSON.stringify(Array.from(await t.data())) === JSON.stringify(Array.from(await tensors[name].data()));
  }
  let nodeOnly = 'no error';
  try {
    brownCorpus();
  } catch (err) {
    nodeOnly = err.name + ': ' + err.message;
  }
  globalThis.__result = { backend, unavailable, description: getBackend().capabilities.description, isolated: globalThis.crossOriginIsolated, losses, decoded: Array.from(img.data), shape: [img.height, img.width, img.channels], lenetShape, weightsLoaded, nodeOnly };
}
main().catch((err) => { globalThis.__error = String(err && err.stack || err); });
`;
}

/** Serves the page, the bundle and `files` (URL path -> bytes). */
function serve(bundle, isolated, files) {
  const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
  const html = '<!doctype html><meta charset="utf-8"><title>consumer</title><script src="/bundle.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(html);
    else if (req.url === '/bundle.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(bundle);
    else if (files[req.url]) res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' }).end(files[req.url]);
    else res.writeHead(404, headers).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function runPage(bundle, isolated, files) {
  const { chromium } = requireRoot('playwright-core');
  const server = await serve(bundle, isolated, files);
  const profile = mkdtempSync(join(tmpdir(), 'dendrite-consumer-chromium-'));
  const log = [];
  let context;
  try {
    // headless: false so that playwright adds no flags of its own; FLAGS carries --headless.
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: false, args: FLAGS });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => '__result' in globalThis || '__error' in globalThis, undefined, { timeout: 120_000 });
    const { result, error } = await page.evaluate(() => ({ result: globalThis.__result, error: globalThis.__error }));
    return { result, error, log };
  } finally {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function runBrowserChecks(project) {
  if (!existsSync(CHROMIUM)) {
    skip('browser bundle in headless Chromium', `${CHROMIUM} is missing (installed in CI by packages/backend-webgpu/scripts/install-lavapipe.sh, as root)`);
    return;
  }
  const png = testPng();
  writeFileSync(join(project, 'app.js'), appSource(png));
  const esbuildBin = join(repoRoot, 'node_modules', '.bin', 'esbuild');
  try {
    execFileSync(esbuildBin, ['app.js', '--bundle', '--outfile=bundle.js', '--log-level=error'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    check(false, 'esbuild bundles core + backend-wasm + backend-webgpu + layers + data + models with no configuration', `${err.stdout}${err.stderr}`);
    return;
  }
  const bundle = readFileSync(join(project, 'bundle.js'), 'utf8');
  check(!/pngjs|jpeg-js|require\("zlib"\)/.test(bundle), 'esbuild bundles core + backend-wasm + backend-webgpu + layers + data + models with no configuration, without Node image libraries');
  // The weight file as an app finds it: through @dendrite/models' `./weights/*` export.
  const weightsFile = createRequire(join(project, 'package.json')).resolve('@dendrite/models/weights/lenet5-mnist.safetensors');
  const files = { '/lenet5-mnist.safetensors': readFileSync(weightsFile) };
  for (const isolated of [true, false]) {
    const what = isolated ? 'with COOP/COEP' : 'without COOP/COEP';
    let page;
    try {
      page = await runPage(bundle, isolated, files);
    } catch (err) {
      check(false, `Chromium ${what}: the page ran`, String(err));
      continue;
    }
    const { result, error, log } = page;
    const detail = `${error ?? ''}\n${JSON.stringify(result)}\n${log.join('\n')}`;
    if (!check(result && !error, `Chromium ${what}: the program ran`, detail)) continue;
    const { losses } = result;
    check(result.backend === 'wasm', `Chromium ${what}: ready() chose wasm (webgpu: ${result.unavailable.webgpu ?? 'chosen'})`, detail);
    check(result.isolated === isolated, `Chromium ${what}: crossOriginIsolated is ${isolated}`, detail);
    const threads = Number(/(\d+) threads?/.exec(result.description ?? '')?.[1] ?? 0);
    const note = log.some((l) => /single-threaded.*Cross-Origin-Opener-Policy/.test(l));
    if (isolated) check(threads > 1 && !note, `Chromium ${what}: wasm runs on ${threads} threads over shared memory`, detail);
    else check(threads === 1 && note, `Chromium ${what}: wasm runs single-threaded and says once that threads need COOP/COEP`, detail);
    check(losses[losses.length - 1] < 0.7 * losses[0], `Chromium ${what}: the loss falls (${losses[0].toFixed(3)} -> ${losses[losses.length - 1].toFixed(3)})`, detail);
    check(JSON.stringify(result.decoded) === JSON.stringify(png.rgb) && result.shape.join() === '2,3,3', `Chromium ${what}: decodeImageAsync decodes a PNG with the platform, pixel-exact`, detail);
    check(result.lenetShape.join() === '2,10', `Chromium ${what}: @dendrite/models' lenet5() runs a forward (${result.lenetShape.join('x')})`, detail);
    check(result.weightsLoaded === true, `Chromium ${what}: lenet5({ pretrained: true, weights: url }) loads the served weight file exactly`, detail);
    check(/^ValueError: .*brownCorpus/.test(result.nodeOnly), `Chromium ${what}: a Node-only feature (brownCorpus) throws a typed error naming it (${result.nodeOnly.slice(0, 80)}...)`, detail);
  }
}
