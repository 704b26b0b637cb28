import type { WasmRuntime } from '../runtime.js';

/** Below this much work (elements, roughly) a job is not worth waking the workers for. */
export const PARALLEL_MIN_WORK = 32768;

/**
 * Runs a kernel on all threads when `work` is large enough, else on the main
 * thread alone (tid 0 of 1).
 */
export function launch(rt: WasmRuntime, name: string, args: number[], work: number): void {
  if (rt.threads > 1 && work >= PARALLEL_MIN_WORK) rt.parallel(name, args);
  else rt.exports[name](...args, 0, 1);
}
