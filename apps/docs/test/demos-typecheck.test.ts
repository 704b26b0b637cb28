// The demos are bundled by esbuild, which strips types without checking them:
// this runs the type checker over them (strict, DOM and WebGPU types), so a
// demo cannot drift from the packages' published API unnoticed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('demos', () => {
  it('type-check under the repository strict settings', () => {
    const docs = fileURLToPath(new URL('..', import.meta.url));
    const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.demos.json'], { cwd: docs, encoding: 'utf8' });
    expect(r.stdout + r.stderr, 'tsc -p tsconfig.demos.json').toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
