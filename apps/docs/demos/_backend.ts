// Backend setup shared by the demos: the WASM backend (worker threads when the
// page is cross-origin isolated, one thread on ordinary memory otherwise) and,
// where the browser has it, WebGPU. Shows which one runs, with how many
// threads, in the page's status line.
import { createWasmBackend } from '@dendrite/backend-wasm';
import { createWebGPUBackend } from '@dendrite/backend-webgpu';
import { type Backend, registerBackend, setBackend } from '@dendrite/core';

/** The backends a demo may switch between. */
export type DemoBackend = 'wasm' | 'webgpu' | 'reference';

/**
 * WASM threads the demos ask for: up to 4 where the page is cross-origin
 * isolated (shared memory for workers), else 1. Without isolation the backend
 * runs single-threaded anyway; asking for 1 keeps that explicit.
 */
export function wasmThreadsWanted(): number {
  return globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  // Importing the packages registered them with their defaults; these replace them with the demos' choices.
  registerBackend('wasm', () => createWasmBackend({ threads: wasmThreadsWanted() }), { priority: 10 });
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
 * Why the WASM backend cannot start on this page, or null when it can. It
 * runs in every current browser (single-threaded without COOP/COEP); an engine
 * without WebAssembly SIMD128 is the case this answers for.
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
 * Disables the backend picker's options that cannot run on this page (their
 * text says why) and names the backend to start with: WASM, or reference
 * where WASM cannot start.
 */
export async function markUnavailableBackends(select: HTMLSelectElement): Promise<{ first: DemoBackend; webgpuWhy: string | null }> {
  const webgpuWhy = await webgpuUnavailable();
  const noWasm = await wasmUnavailable();
  for (const [value, label, why] of [
    ['webgpu', 'WebGPU', webgpuWhy],
    ['wasm', 'WASM', noWasm],
  ] as const) {
    const option = select.querySelector(`option[value="${value}"]`) as HTMLOptionElement | null;
    if (!why || !option) continue;
    option.disabled = true;
    option.textContent = `${label} (unavailable: ${why})`;
  }
  return { first: noWasm ? 'reference' : 'wasm', webgpuWhy };
}

/**
 * Selects `name`, then writes what runs (backend, build and threads, and the
 * isolation state) into `#status`. When the WASM backend cannot start (an
 * engine without WebAssembly SIMD), the demo falls back to the reference
 * backend (plain TypeScript: slower, same results) and says so.
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
      : 'not cross-origin isolated: WASM runs single-threaded (no shared memory); serve with COOP/COEP headers for worker threads';
    status.textContent = `backend: ${backend.name} (${backend.capabilities.description ?? ''})${note}; ${iso}`;
  }
  return backend;
}

/** The thread count a WASM backend reports in its description ("WebAssembly simd128, 2 threads"), or null for others. */
export function wasmThreads(backend: Backend): number | null {
  const m = backend.name === 'wasm' ? /(\d+) threads?\b/.exec(backend.capabilities.description ?? '') : null;
  return m ? Number(m[1]) : null;
}

/** Shows an error in the page (and rethrows it for the console). */
export function fail(e: unknown): never {
  const status = document.getElementById('status');
  if (status) status.textContent = `error: ${(e as Error).message}`;
  throw e;
}
