// Smoke test of the built package (dist/) from plain Node child processes:
// CommonJS require and ESM import, one kernel call each with 2 threads.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const coreDist = fileURLToPath(new URL('../../core/dist/index.js', import.meta.url));
const ownDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const built = existsSync(coreDist) && existsSync(ownDist);

const script = (load: string) => `${load}
createWasmBackend({ threads: 2 }).then((b) => {
  const h = b.alloc('float32', 3);
  b.write(h, new Float32Array([1, -2, 3]));
  const out = b.alloc('float32', 3);
  b.kernels.unary({ handle: h, shape: [3], dtype: 'float32' }, { handle: out, shape: [3], dtype: 'float32' }, 'abs', 0);
  console.log(JSON.stringify({ data: Array.from(b.readSync(out)), description: b.capabilities.description }));
  b.dispose();
});`;

function run(args: string[]): { data: number[]; description: string } {
  const out = execFileSync(process.execPath, args, { cwd: pkgDir, encoding: 'utf8', timeout: 60000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '');
}

describe('built dist', () => {
  if (!built) {
    it.skip('skipped: dist/ of @dendrite/core or @dendrite/backend-wasm is not built (run `npm run build` first)', () => {});
    return;
  }
  it('loads with require() and runs a kernel on 2 threads', () => {
    const r = run(['-e', script("const { createWasmBackend } = require('@dendrite/backend-wasm');")]);
    expect(r.data).toEqual([1, 2, 3]);
    expect(r.description).toMatch(/^WebAssembly simd128, 2 threads$/);
  });
  it('loads with import and runs a kernel', () => {
    const r = run(['--input-type=module', '-e', script("import { createWasmBackend } from '@dendrite/backend-wasm';")]);
    expect(r.data).toEqual([1, 2, 3]);
  });
});
