// ready()'s ranking of CPU-emulated devices and its one warning when it ends
// on the reference backend. Each test loads a fresh registry (the warnings
// are once per process).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReferenceBackend } from '../src/testing/index.js';

type Registry = typeof import('../src/backend/registry.js');

async function freshRegistry(): Promise<Registry> {
  vi.resetModules();
  return import('../src/backend/registry.js');
}

function fake(name: string, software = false) {
  const ref = createReferenceBackend();
  return { ...ref, name, capabilities: { ...ref.capabilities, software, description: software ? 'lavapipe' : name } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ready() ranking and warnings', () => {
  it('ranks a software device below a lower-priority real one, and frees it', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const gpu = fake('gpu', true);
    const dispose = vi.fn();
    r.registerBackend('gpu', () => ({ ...gpu, dispose }), { priority: 20 });
    r.registerBackend('cpu', () => fake('cpu'), { priority: 10 });
    const report = await r.ready();
    expect(report.backend).toBe('cpu');
    expect(report.unavailable.gpu).toMatch(/CPU-emulated device \(lavapipe\); 'cpu' is faster: call setBackend\('gpu'\)/);
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
    // Asked for by name, it is used.
    expect((await r.setBackend('gpu')).name).toBe('gpu');
  });

  it('prefers a software device to the reference backend', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    r.registerBackend('gpu', () => fake('gpu', true), { priority: 20 });
    r.registerBackend('cpu', () => {
      throw new Error('no SIMD here');
    }, { priority: 10 });
    const report = await r.ready();
    expect(report.backend).toBe('gpu');
    expect(report.unavailable.cpu).toMatch(/no SIMD/);
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once, naming the faster backend and how to enable it, when only reference is registered', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await r.ready()).backend).toBe('reference');
    await r.ready();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/'reference' backend .*npm install @dendrite\/backend-wasm.*import '@dendrite\/backend-wasm'/);
  });

  it('names the failures when the faster backends did not initialize', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    r.registerBackend('wasm', () => {
      throw new Error('SharedArrayBuffer is not defined');
    }, { priority: 10 });
    expect((await r.ready()).backend).toBe('reference');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/wasm: SharedArrayBuffer is not defined/);
  });

  it('setBackend("reference") selects it without a warning', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    r.registerBackend('wasm', () => fake('wasm'), { priority: 10 });
    await r.setBackend('reference');
    expect(r.getBackend().name).toBe('reference');
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once when tensors would silently land on reference while a faster backend is registered', async () => {
    const r = await freshRegistry();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    r.registerBackend('wasm', () => fake('wasm'), { priority: 10 });
    expect(r.getBackend().name).toBe('reference');
    r.getBackend();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/before any backend was selected.*'wasm' is registered: call 'await ready\(\)'/);
  });
});
