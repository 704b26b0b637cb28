/**
 * Side-effect entry: registers the CUDA backend with priority 30 (above
 * webgpu 20 and wasm 10). Where CUDA cannot run, `ready()` falls back to the
 * next backend; the reason is printed once and reported by `ready()`.
 *
 * @example
 * ```ts runnable
 * import '@dendrite/backend-cuda/register';
 * import { ready } from '@dendrite/core';
 * const { backend, unavailable } = await ready(); // unavailable.cuda says why, off-GPU
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dendrite/core';
import { createCudaBackend } from './backend.js';

registerBackend(
  'cuda',
  async () => {
    try {
      return await createCudaBackend();
    } catch (err) {
      console.warn(`[dendrite] cuda backend unavailable, falling back: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  },
  { priority: 30 },
);
