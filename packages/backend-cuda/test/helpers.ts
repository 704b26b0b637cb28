// Shared by the tests: the addon (when built) and whether a GPU is usable,
// with the reason printed once for every suite that skips because of it.
import { checkCuda, type CudaCheck } from '../src/availability.js';
import { loadAddon, type NativeAddon } from '../src/native.js';

/** The addon, or why it is not loaded. */
export function addonForTests(): { addon?: NativeAddon; reason?: string } {
  return loadAddon();
}

/** CUDA status; logs the skip reason once per test file when no GPU is usable. */
export function gpuStatus(suite: string): CudaCheck {
  const status = checkCuda();
  if (!status.available) console.log(`[cuda tests] SKIPPED ${suite}: ${status.reason}`);
  return status;
}
