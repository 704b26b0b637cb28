// Backend setup shared by the demos: the WASM backend (threads when the page
// is cross-origin isolated, one thread otherwise) and, where the browser has
// it, WebGPU. Shows which one runs, and why, in the page's status line.
import { createWasmBackend } from '@dendrite/backend-wasm';
import { createWebGPUBackend } from '@dendrite/backend-webgpu';
import { type Backend, registerBackend, setBackend } from '@dendrite/core';

/** The backends a demo may switch between. */
export type DemoBackend = 'wasm' | 'webgpu' | 'reference';

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  // Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
  const threads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  registerBackend('wasm', () => createWasmBackend({ threads }), { priority: 10 });
  registerBackend('webgpu', () => createWebGPUBackend(), { priority: 5 });
}

/** Why WebGPU cannot run on this page, or null when it can (an adapter answered). */
export async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser exposes no navigator.gpu';
  try {
    return (await gpu.requestAdapter()) ? null : 'navigator.gpu found no adapter';
  } catch (e) {
    return `navigator.gpu.requestAdapter failed: ${(e as Error).message}`;
  }
}

/**
 * Why the WASM backend cannot start on this page, or null when it can. Its
 * kernels are built with threads and shared memory, and browsers only give
 * `SharedArrayBuffer` to cross-origin isolated pages.
 */
export async function wasmUnavailable(): Promise<string | null> {
  register();
  try {
    await setBackend('wasm');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Selects `name`, then writes what runs (and the isolation state) into
 * `#status`. When the WASM backend cannot start (a page without COOP/COEP),
 * the demo falls back to the reference backend (plain TypeScript: slower,
 * same results) and says so.
 */
export async function useBackend(name: DemoBackend): Promise<Backend> {
  register();
  let backend: Backend;
  let note = '';
  try {
    backend = await setBackend(name);
  } catch (e) {
    if (name !== 'wasm') throw e;
    backend = await setBackend('reference');
    note = ` (WASM is unavailable here: ${(e as Error).message})`;
  }
  const status = document.getElementById('status');
  if (status) {
    const iso = globalThis.crossOriginIsolated
      ? 'cross-origin isolated: WASM uses worker threads'
      : 'not cross-origin isolated: no shared memory, so no WASM threads; serve with COOP/COEP headers for speed';
    status.textContent = `backend: ${backend.name}${note}; ${iso}`;
  }
  return backend;
}

/** Shows an error in the page (and rethrows it for the console). */
export function fail(e: unknown): never {
  const status = document.getElementById('status');
  if (status) status.textContent = `error: ${(e as Error).message}`;
  throw e;
}
