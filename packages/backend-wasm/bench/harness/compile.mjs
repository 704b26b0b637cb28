// Compiles one assembly entry file into the two builds (plain SIMD128 and
// relaxed SIMD) with the package's flags, into a temp folder, for the
// stand-alone kernel benches.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgRoot = fileURLToPath(new URL('../../', import.meta.url));
const asc = fileURLToPath(new URL('../../../../node_modules/assemblyscript/bin/asc.js', import.meta.url));

/** @returns {{ simd: string, relaxed: string }} paths of the two builds */
export function compileEntry(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-wasm-bench-'));
  const common = ['--runtime', 'stub', '--importMemory', '--sharedMemory', '--initialMemory', '1024',
    '--maximumMemory', '16384', '-O3', '--noAssert'];
  const out = { simd: join(dir, 'simd.wasm'), relaxed: join(dir, 'relaxed.wasm') };
  execFileSync(process.execPath, [asc, entry, '-o', out.simd, ...common, '--enable', 'simd,threads'], { cwd: pkgRoot, stdio: 'inherit' });
  execFileSync(process.execPath, [asc, entry, '-o', out.relaxed, ...common, '--enable', 'simd,threads,relaxed-simd'], { cwd: pkgRoot, stdio: 'inherit' });
  return out;
}
