// Unavailability is reported with its reason at every level: the addon's
// probe, checkCuda(), createCudaBackend() and the registry's ready().
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendError } from '@dendrite/core';
import { afterEach, describe, expect, it } from 'vitest';
import { available, checkCuda } from '../src/availability.js';
import { createCudaBackend } from '../src/backend.js';
import { resetAddonForTests } from '../src/native.js';

// The forms a reason takes (native/probe.cc and src/native.ts); anything else is a bug.
const KNOWN_REASONS = [
  /^no NVIDIA driver: dlopen\("libcuda\.so\.1"\) failed \(.+\)$/,
  /^cudaGetDeviceCount failed: cuda\w+: .+ \(driver supports CUDA [\d.]+, the addon was built with CUDA [\d.]+\)$/,
  /^the NVIDIA driver is installed but reports no CUDA device$/,
  /^device 0 \(.+\) has compute capability \d+\.\d+; the addon carries code for 8\.0 and newer$/,
  /^the native addon is not built \(.+dendrite_cuda\.node is missing\): install a CUDA toolkit \(nvcc ≥ 11\.8\) and run `npm run build:addon -w @dendrite\/backend-cuda`$/,
];

/** Whether this machine has the driver library at all, asked of the dynamic loader, not of our addon. */
function systemHasLibcuda(): boolean {
  const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  return r.status === 0 && /\blibcuda\.so\.1\b/.test(r.stdout);
}

afterEach(() => {
  delete process.env.DENDRITE_CUDA_ADDON;
  delete process.env.DENDRITE_CUDA;
  resetAddonForTests();
});

describe('checkCuda', () => {
  it('is unavailable with a known reason, or available with a device of compute capability ≥ 8.0', () => {
    const s = checkCuda();
    console.log(`[cuda tests] checkCuda(): ${JSON.stringify(s)}`);
    expect(available()).toBe(s.available);
    if (s.available) {
      expect(s.reason).toBeUndefined();
      expect(s.devices.length).toBeGreaterThan(0);
      expect(s.devices[0].major).toBeGreaterThanOrEqual(8);
    } else {
      expect(KNOWN_REASONS.some((r) => r.test(s.reason ?? '')), `unexpected reason: ${s.reason}`).toBe(true);
    }
  });

  it('names the missing driver library, checked before any CUDA runtime call, on machines without one', (ctx) => {
    if (systemHasLibcuda()) ctx.skip('this machine has libcuda.so.1');
    const s = checkCuda();
    if (!s.addonLoaded) ctx.skip(`the addon is not built: ${s.reason}`);
    expect(s.available).toBe(false);
    expect(s.reason).toMatch(/^no NVIDIA driver: dlopen\("libcuda\.so\.1"\) failed \(libcuda\.so\.1: cannot open shared object file/);
    expect(s.driverVersion).toBeUndefined(); // the runtime was never asked: its answer would be misleading
    expect(s.runtimeVersion).toMatch(/^\d+\.\d$/);
  });

  it('says the addon is not built, and how to build it, when the file is missing', () => {
    process.env.DENDRITE_CUDA_ADDON = join(tmpdir(), 'no-such-dir', 'dendrite_cuda.node');
    const s = checkCuda();
    expect(s).toMatchObject({ available: false, addonLoaded: false, devices: [] });
    expect(s.reason).toContain('the native addon is not built');
    expect(s.reason).toContain('npm run build:addon -w @dendrite/backend-cuda');
  });

  it('reports a broken addon file with the loader error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dendrite-cuda-broken-'));
    try {
      writeFileSync(join(dir, 'dendrite_cuda.node'), 'not a shared object');
      process.env.DENDRITE_CUDA_ADDON = join(dir, 'dendrite_cuda.node');
      const s = checkCuda();
      expect(s.available).toBe(false);
      expect(s.reason).toMatch(/^the native addon at .+dendrite_cuda\.node failed to load: .*(invalid ELF header|file too short)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is off with DENDRITE_CUDA=off', () => {
    process.env.DENDRITE_CUDA = 'off';
    expect(checkCuda()).toMatchObject({ available: false, reason: 'disabled by DENDRITE_CUDA=off' });
  });
});

describe('createCudaBackend', () => {
  it('rejects with a BackendError carrying the reason where CUDA is unavailable', async (ctx) => {
    const s = checkCuda();
    if (s.available) ctx.skip('CUDA is available here');
    const err = await createCudaBackend().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe(`cuda: ${s.reason}`);
  });

  it('rejects a bad device index with a ValueError naming it', async () => {
    await expect(createCudaBackend({ device: -1 })).rejects.toThrow("createCudaBackend: 'device' must be a non-negative integer, got -1");
  });
});
