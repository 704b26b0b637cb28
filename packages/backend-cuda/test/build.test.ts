// Where nvcc is installed, the install step has built the addon (npm ci runs
// the package's own install script) and it loads, built for the promised
// architectures, without a GPU. Skips, with the reason, where nvcc is absent.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import { findNvcc } from '../scripts/install.mjs';
import { addonPath } from '../src/native.js';
import { addonForTests } from './helpers.js';

const toolkit = findNvcc() as { nvcc?: string; version?: string; reason?: string };

describe('native addon build', () => {
  if (!toolkit.nvcc) {
    console.log(`[cuda tests] SKIPPED addon build checks: ${toolkit.reason}`);
    it.skip(`skipped: ${toolkit.reason}`, () => {});
    return;
  }

  it(`exists and loads (CUDA ${toolkit.version} found at ${toolkit.nvcc})`, () => {
    expect(existsSync(addonPath()), `${addonPath()} is missing: run \`npm run build:addon -w @dendrite/backend-cuda\``).toBe(true);
    const { addon, reason } = addonForTests();
    expect(reason).toBeUndefined();
    expect(addon!.buildInfo.architectures).toBe('80-real;90-real;90-virtual');
    expect(Math.floor(addon!.buildInfo.cudaVersion / 1000)).toBe(Number(toolkit.version!.split('.')[0]));
    expect(typeof addon!.CudaContext).toBe('function');
  });

  it('links the CUDA runtime statically: only the driver is needed at run time', async () => {
    const { execFileSync } = await import('node:child_process');
    const deps = execFileSync('ldd', [addonPath()], { encoding: 'utf8' });
    expect(deps).not.toMatch(/libcudart/);
    expect(deps).not.toMatch(/libcuda\.so/); // the driver is dlopen'ed, never linked
  });
});
