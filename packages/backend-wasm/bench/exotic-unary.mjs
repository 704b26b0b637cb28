// Should the exotic unary ops (gelu, softplus, elu, erf) stay required
// primitives of the `unary` kernel, or become optional fused kernels that the
// core composes from simpler primitives where a backend lacks them? This
// times each op on the wasm kernel against its composition from primitives
// (what a backend without it would run), forward only, at a small and a large
// size, medians of 15 runs after 5 warm-ups, 1 thread (no worker wake-ups in the numbers).
//
//   node bench/exotic-unary.mjs
//
// Sources are bundled on the fly with esbuild (no build step).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const pkg = (name) => fileURLToPath(new URL(`../../${name}/src/index.ts`, import.meta.url));
const entrySource = `
import * as d from ${JSON.stringify(pkg('core'))};
import { createWasmBackend } from ${JSON.stringify(pkg('backend-wasm'))};

// Compositions from ops every backend has (exp, log1p, tanh, where, arithmetic); erf by
// Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7, the accuracy the conformance kit asks of erf).
function erfComposed(x) {
  const s = d.sign(x), a = d.abs(x);
  const t = d.reciprocal(d.add(d.mul(a, 0.3275911), 1));
  let p = d.add(d.mul(t, 1.061405429), -1.453152027);
  p = d.add(d.mul(p, t), 1.421413741);
  p = d.add(d.mul(p, t), -0.284496736);
  p = d.add(d.mul(p, t), 0.254829592);
  return d.mul(s, d.sub(1, d.mul(d.mul(p, t), d.exp(d.neg(d.square(a))))));
}
const COMPOSED = {
  gelu: (x) => d.mul(d.mul(x, 0.5), d.add(erfComposed(d.mul(x, Math.SQRT1_2)), 1)),
  softplus: (x) => d.add(d.relu(x), d.log1p(d.exp(d.neg(d.abs(x))))),
  elu: (x) => d.where(d.gt(x, 0), x, d.expm1(x)),
  erf: erfComposed,
};

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }
function time(fn) {
  for (let i = 0; i < 5; i++) d.tidy(() => { fn().dataSync(); });
  const ms = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); d.tidy(() => { fn().dataSync(); }); ms.push(performance.now() - t0); }
  return median(ms);
}

export async function run() {
  d.registerBackend('wasm', () => createWasmBackend({ threads: 1 }), { priority: 10 });
  await d.setBackend('wasm');
  const rows = [];
  for (const n of [1024, 1 << 20]) {
    const x = d.randn([n]);
    for (const op of Object.keys(COMPOSED)) {
      const err = d.tidy(() => d.max(d.abs(d.sub(d[op](x), COMPOSED[op](x)))).dataSync()[0]);
      rows.push([op, n, time(() => d[op](x)), time(() => COMPOSED[op](x)), err]);
    }
    x.dispose();
  }
  return rows;
}
`;

const dir = mkdtempSync(join(tmpdir(), 'dendrite-exotic-'));
writeFileSync(join(dir, 'entry.ts'), entrySource);
const out = join(dir, 'bundle.mjs');
await build({ entryPoints: [join(dir, 'entry.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, ignoreAnnotations: true, logLevel: 'error' });
const { run } = await import(pathToFileURL(out).href);
const rows = await run();
console.log('Exotic unary ops on wasm (1 thread): fused unary kernel vs composition from primitives, forward, ms (median of 15)');
console.log(`${'op'.padEnd(9)} ${'elements'.padStart(9)} ${'kernel'.padStart(8)} ${'composed'.padStart(9)} ${'ratio'.padStart(6)}  max |diff|`);
for (const [op, n, a, b, err] of rows) {
  console.log(`${op.padEnd(9)} ${String(n).padStart(9)} ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(9)} ${`${(b / a).toFixed(1)}x`.padStart(6)}  ${err.toExponential(1)}`);
}
process.exit(0);
