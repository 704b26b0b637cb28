// Shared by the workers: one-thread wasm backend, and the package's build.

import { createWasmBackend, setThreads } from '@dendrite/backend-wasm';
import { registerBackend, setBackend } from '@dendrite/core';

export * from '../../dist/index.js';

/** Selects the wasm backend with one thread (deterministic, and ranks share the cores). */
export async function useWasm() {
  registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await setBackend('wasm');
  await setThreads(1);
}

/** Prints `tag {json}` on one line (the test collects these). */
export function report(tag, value) {
  process.stdout.write(`${tag} ${JSON.stringify(value)}\n`);
}
