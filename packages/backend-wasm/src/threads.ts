import { ValueError } from '@dendrite/core';
import { defaultThreadCount } from './platform.js';

/** Something whose thread count can change (a live backend's runtime). */
export interface Resizable {
  setThreads(n: number): Promise<void>;
}

let configured: number | null = null;
const live = new Set<Resizable>();

/** Threads new backends start with: the last `setThreads` value, else all cores (1 without shared-memory threads). */
export function threadCount(): number {
  return configured ?? defaultThreadCount();
}

/** Tracks a live backend so that `setThreads` reaches it; returns the function that stops tracking. */
export function trackThreads(r: Resizable): () => void {
  live.add(r);
  return () => live.delete(r);
}

/**
 * Sets the thread count (main thread included) of every live wasm backend
 * and of those created later. Resolves when the workers are running.
 *
 * @example
 * ```ts runnable
 * import { setThreads } from '@dendrite/backend-wasm';
 * await setThreads(1); // single-threaded from now on
 * ```
 */
export async function setThreads(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`setThreads: 'n' must be an integer ≥ 1, got ${n}`);
  configured = n;
  await Promise.all([...live].map((r) => r.setThreads(n)));
}
