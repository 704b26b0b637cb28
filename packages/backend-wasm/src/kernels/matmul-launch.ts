import type { WasmRuntime } from '../runtime.js';

/**
 * Below this many multiply-adds (about 50 µs on one thread) a GEMM-based call
 * stays on the main thread: waking the workers and sharing cache lines would
 * cost a good part of what a second thread saves.
 */
export const PARALLEL_MIN_FLOPS = 1 << 20;

/**
 * Runs a GEMM-based kernel on every thread when it has at least
 * PARALLEL_MIN_FLOPS multiply-adds, else on the main thread alone (tid 0 of
 * 1). Returns the number of threads it ran on.
 *
 * @example
 * ```ts
 * launchByFlops(rt, 'gemmBatched', args, m * n * k);
 * ```
 */
export function launchByFlops(rt: WasmRuntime, name: string, args: number[], flops: number): number {
  if (rt.threads > 1 && flops >= PARALLEL_MIN_FLOPS) {
    rt.parallel(name, args);
    return rt.threads;
  }
  rt.exports[name](...args, 0, 1);
  return 1;
}
