#!/usr/bin/env node
// Checks (default) or rewrites (--fix) the publishing fields of every
// packages/* package.json so that they follow one convention:
// - ESM only: one module graph, so `import` and `require()` (Node >= 20.19
//   loads ESM from require) share one core and one backend registry;
// - every `exports` entry also reachable under node10 resolution (typesVersions);
// - engines, LICENSE/README in the tarball, a prepack build, no source maps.
// `sideEffects` and dependencies are package-specific and left to each file;
// the consumer suite (apps/consumer) checks the packed result.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fix = process.argv.includes('--fix');
const ENGINES = { node: '>=20.19' };
let problems = 0;

for (const dir of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (pkg.private) continue;
  const want = structuredClone(pkg);
  const entries = Object.keys(pkg.exports ?? { '.': null }).filter((k) => k !== './package.json');
  want.exports = {};
  want.typesVersions = { '*': {} };
  for (const key of entries) {
    const name = key === '.' ? 'index' : key.slice(2);
    // Extra conditions (data's `browser` build) are kept, between types and default; `import`/`require`
    // pairs (a dual ESM + CJS build) are dropped: ESM only.
    const { types: _t, default: _d, import: _i, require: _r, ...conditions } = typeof pkg.exports?.[key] === 'object' ? pkg.exports[key] : {};
    want.exports[key] = { types: `./dist/${name}.d.ts`, ...conditions, default: `./dist/${name}.js` };
    if (key !== '.') want.typesVersions['*'][name] = [`./dist/${name}.d.ts`];
  }
  want.exports['./package.json'] = './package.json';
  if (Object.keys(want.typesVersions['*']).length === 0) delete want.typesVersions;
  want.main = './dist/index.js';
  want.module = './dist/index.js';
  want.types = './dist/index.d.ts';
  want.engines = ENGINES;
  want.files = [...new Set([...(pkg.files ?? ['dist']), 'LICENSE', 'README.md'])];
  want.scripts = { ...pkg.scripts, prepack: 'npm run build' };
  const before = JSON.stringify(pkg);
  const after = JSON.stringify(want);
  if (before !== after) {
    if (fix) writeFileSync(file, `${JSON.stringify(want, null, 2)}\n`);
    else {
      problems++;
      console.error(`${file}: publishing fields differ from the convention (run node scripts/package-metadata.mjs --fix)`);
    }
  }
  if (!existsSync(join(root, 'packages', dir, 'LICENSE'))) {
    problems++;
    console.error(`packages/${dir}: no LICENSE file (copy the root LICENSE)`);
  }
}
process.exitCode = problems ? 1 : 0;
