// Backend selection for the CLI: wasm ships with the models package; webgpu
// and cuda are used when their packages are installed.
import { BackendError, getBackend, listBackends, ready, registerBackend, setBackend } from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { UsageError } from './args.js';

/** Backends the CLI knows, in `--backend auto` priority order. */
export const BACKEND_CHOICES = ['auto', 'wasm', 'webgpu', 'cuda', 'reference'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

let registered = false;

/** Registers every backend this installation can offer (optional packages loaded lazily). */
export async function registerCliBackends(): Promise<Record<string, string>> {
  const missing: Record<string, string> = {};
  if (registered) return missing;
  registered = true;
  registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  for (const [name, pkg, factory, priority] of [
    ['webgpu', '@dendrite/backend-webgpu', 'createWebGPUBackend', 20],
    ['cuda', '@dendrite/backend-cuda', 'createCudaBackend', 30],
  ] as const) {
    try {
      const mod = (await import(pkg)) as Record<string, () => Promise<never>>;
      if (typeof mod[factory] !== 'function') throw new Error(`${pkg} does not export ${factory}`);
      registerBackend(name, () => mod[factory](), { priority });
    } catch (err) {
      missing[name] = /Cannot find (module|package)/.test((err as Error).message) ? `${pkg} is not installed (or not built)` : `${pkg} failed to load: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return missing;
}

/**
 * Selects the backend named by `--backend` ('auto' picks the best that works)
 * and returns a one-line description of what runs.
 */
export async function selectBackend(choice: BackendChoice): Promise<string> {
  const missing = await registerCliBackends();
  if (choice === 'auto') {
    // core's ready() ranks CPU-emulated GPUs (lavapipe, SwiftShader) below wasm.
    const report = await ready();
    const skipped = { ...missing, ...report.unavailable };
    const why = Object.entries(skipped).map(([n, r]) => `${n}: ${cliWording(n, r)}`).join('; ');
    return `${describe()}${why ? ` (skipped ${why})` : ''}`;
  }
  if (missing[choice]) throw new UsageError(`--backend ${choice}: ${missing[choice]}`);
  if (!listBackends().includes(choice)) throw new UsageError(`--backend ${choice}: no such backend`);
  try {
    await setBackend(choice);
  } catch (err) {
    throw new UsageError(`--backend ${choice}: ${err instanceof BackendError ? err.message : String(err)}`);
  }
  return describe();
}

/** Core's reasons speak to library users; say them in the CLI's terms, once. */
function cliWording(name: string, reason: string): string {
  return reason
    .replace(new RegExp(`^${name}: `), '')
    .replace(/call setBackend\('(\w+)'\)/, 'pass --backend $1');
}

function describe(): string {
  const b = getBackend();
  return b.capabilities.description ? `${b.name} (${b.capabilities.description})` : b.name;
}
