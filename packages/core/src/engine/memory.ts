import { findBackendSync } from '../backend/registry.js';
import { storageStats } from '../tensor/storage.js';
import { engine } from './state.js';

/** Memory statistics of one backend. */
export interface BackendMemoryInfo {
  /** Live user-visible tensors. */
  numTensors: number;
  /** Live buffers held by the core (tensors, views and tensors saved for backward share buffers). */
  numBuffers: number;
  /** Bytes of those buffers. */
  numBytes: number;
}

/** What `memory()` returns. */
export interface MemoryInfo extends BackendMemoryInfo {
  /** Per-backend breakdown, plus each backend's own statistics under `native`. */
  backends: Record<string, BackendMemoryInfo & { native?: Record<string, number> }>;
}

/**
 * Live tensors, buffers and bytes, in total and per backend.
 *
 * @example
 * ```ts
 * const before = memory().numTensors;
 * tidy(() => add(ones([2]), 1));
 * memory().numTensors === before; // true
 * ```
 */
export function memory(): MemoryInfo {
  const backends: MemoryInfo['backends'] = {};
  let numTensors = 0;
  let numBuffers = 0;
  let numBytes = 0;
  const names = new Set([...engine.liveTensors.keys(), ...storageStats.perBackend.keys()]);
  for (const name of names) {
    const t = engine.liveTensors.get(name) ?? 0;
    const s = storageStats.perBackend.get(name) ?? { bytes: 0, buffers: 0 };
    let native: Record<string, number> | undefined;
    try {
      native = { ...findBackendSync(name).memory() };
    } catch {
      native = undefined;
    }
    backends[name] = { numTensors: t, numBuffers: s.buffers, numBytes: s.bytes, native };
    numTensors += t;
    numBuffers += s.buffers;
    numBytes += s.bytes;
  }
  return { numTensors, numBuffers, numBytes, backends };
}
