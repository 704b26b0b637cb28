// Runs Dendrite in headless Chromium for the browser tests of the wasm and
// webgpu backends: bundles the packages' TypeScript sources for the browser
// with esbuild, serves the bundle from 127.0.0.1 with the headers that make
// the page cross-origin isolated, and drives Debian's chromium through
// playwright-core with a fresh profile. Code runs in the page through
// `page.evaluate`, reaching the bundled modules on `globalThis.dendrite`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '@dendrite/core';
import { build, type Plugin } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { alias } from '../../../vitest.shared.js';

/** Debian's chromium (installed by scripts/install-lavapipe.sh). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags every browser test passes: new headless mode, no sandbox (CI runs as
 * root), and nothing that reaches the network or slows the start.
 *
 * @example
 * ```ts
 * const flags = [...BASE_FLAGS, '--disable-gpu'];
 * ```
 */
export const BASE_FLAGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Why the browser tests cannot run here, or null when they can.
 *
 * @example
 * ```ts
 * const reason = chromiumMissingReason(); // null on CI after install-lavapipe.sh
 * ```
 */
export function chromiumMissingReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `${CHROMIUM_PATH} is missing (install it with packages/backend-webgpu/scripts/install-lavapipe.sh, as root)`;
}

/** Module specifiers to expose in the page, by the name they get on `globalThis.dendrite`. */
export type ExposedModules = Record<string, string>;

/** Resolves `@dendrite/*` to the TypeScript sources, with the same table vitest uses. */
const sourceAliases: Plugin = {
  name: 'dendrite-sources',
  setup(b) {
    for (const { find, replacement } of alias) b.onResolve({ filter: find }, () => ({ path: replacement }));
  },
};

/**
 * Bundles an ES module for the browser that imports `modules` and puts their
 * namespaces on `globalThis.dendrite`.
 *
 * @example
 * ```ts
 * const js = await bundleForBrowser({ core: '@dendrite/core', wasm: '@dendrite/backend-wasm' });
 * ```
 */
export async function bundleForBrowser(modules: ExposedModules): Promise<string> {
  const names = Object.keys(modules);
  const contents = [
    ...names.map((name, i) => `import * as m${i} from ${JSON.stringify(modules[name])};`),
    `globalThis.dendrite = { ${names.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(', ')} };`,
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), sourcefile: 'browser-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // core's Node-only file helpers (loadSafetensors, saveSafetensors) import node:fs lazily;
    // left external, that import is never reached in the page.
    external: ['node:*'],
    // @dendrite/core declares "sideEffects": false, yet installs the Tensor methods
    // (backward, grad helpers...) through side-effect imports that bundlers then drop;
    // until its package.json lists those files, bundle as if no package declared it.
    ignoreAnnotations: true,
    plugins: [sourceAliases],
  });
  return result.outputFiles[0].text;
}

/** A local HTTP server for one page. */
export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>dendrite browser test</title><script type="module" src="/bundle.js"></script>';

/**
 * Serves an HTML page that loads `script` as a module, from 127.0.0.1 on an
 * ephemeral port. COOP + COEP make the page `crossOriginIsolated`, which
 * browsers require before they share memory with Web Workers; 127.0.0.1 is a
 * secure context, which WebGPU requires.
 *
 * @example
 * ```ts
 * const server = await servePage('console.log(1)');
 * await page.goto(server.url);
 * await server.close();
 * ```
 */
export async function servePage(script: string): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE_HTML);
    else if (req.url === '/bundle.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    else if (req.url === '/favicon.ico') res.writeHead(204, headers).end();
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A page with the bundle loaded, and what it takes to shut everything down. */
export interface BrowserPage {
  readonly page: Page;
  /** Console lines and page errors, in order (shown when a test fails). */
  readonly log: string[];
  close(): Promise<void>;
}

/** Options of `openBrowserPage`. */
export interface BrowserPageOptions {
  /** Modules to bundle and expose on `globalThis.dendrite`. */
  modules: ExposedModules;
  /** Chromium flags after `BASE_FLAGS`. */
  flags?: readonly string[];
}

/**
 * Bundles `modules`, serves them, starts chromium with a fresh profile
 * (`mkdtemp`; deleted on close) and opens the page once the bundle has run.
 *
 * @example
 * ```ts
 * const bp = await openBrowserPage({ modules: { core: '@dendrite/core' }, flags: ['--disable-gpu'] });
 * const n = await bp.page.evaluate(() => Object.keys((globalThis as any).dendrite.core).length);
 * await bp.close();
 * ```
 */
export async function openBrowserPage(options: BrowserPageOptions): Promise<BrowserPage> {
  const missing = chromiumMissingReason();
  if (missing) throw new BackendError(`openBrowserPage: ${missing}`);
  const server = await servePage(await bundleForBrowser(options.modules));
  const profile = mkdtempSync(join(tmpdir(), 'dendrite-chromium-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  };
  const log: string[] = [];
  try {
    // headless: false so that Playwright adds no headless flag of its own: BASE_FLAGS carries --headless=new.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: false,
      args: [...BASE_FLAGS, ...(options.flags ?? [])],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => 'dendrite' in globalThis, undefined, { timeout: 20_000 });
    return { page, log, close };
  } catch (err) {
    await close();
    // A bundle that throws at load only shows in the page's log: carry it into the error.
    throw new BackendError(`openBrowserPage: ${(err as Error).message}${log.length > 0 ? `\npage log:\n${log.join('\n')}` : ''}`);
  }
}
