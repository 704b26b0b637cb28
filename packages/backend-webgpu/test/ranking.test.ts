// Backend selection with a CPU-emulated adapter: the backend declares
// capabilities.software for lavapipe / SwiftShader / fallback adapters, and
// ready() then prefers wasm, while setBackend('webgpu') still uses it.
import { getBackend, ready, registerBackend, removeBackend, setBackend } from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import { openBackend } from './helpers.js';

const { backend, reason } = await openBackend();
const software = backend?.capabilities.software === true;
backend?.dispose?.();

describe('ready() and a software adapter', () => {
  if (!backend) {
    console.log(`[webgpu tests] SKIPPED ranking: ${reason}`);
    it.skip(`skipped: ${reason}`, () => {});
    return;
  }
  if (!software) {
    console.log(`[webgpu tests] SKIPPED ranking: the adapter is hardware (${backend.capabilities.description})`);
    it.skip('skipped: the adapter here is a hardware one', () => {});
    return;
  }
  afterAll(async () => {
    await setBackend('reference');
    removeBackend('test-webgpu');
    removeBackend('test-wasm');
  });

  it('lavapipe is declared software, ranked below wasm by ready(), and used when asked by name', async () => {
    expect(backend.capabilities.description).toMatch(/llvmpipe|lavapipe|swiftshader/i);
    registerBackend('test-webgpu', () => createWebGPUBackend(), { priority: 120 });
    registerBackend('test-wasm', () => createWasmBackend({ threads: 1 }), { priority: 110 });
    const report = await ready();
    expect(report.backend).toBe('test-wasm');
    expect(report.unavailable['test-webgpu']).toMatch(/CPU-emulated device .*'test-wasm' is faster: call setBackend\('test-webgpu'\)/);
    await setBackend('test-webgpu');
    expect(getBackend().capabilities.software).toBe(true);
  });
});
