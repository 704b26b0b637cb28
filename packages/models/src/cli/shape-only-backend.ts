// A backend that stores nothing and computes nothing: every kernel is a
// no-op. Shapes, parameter counts and module names are exact on it, so
// `dendrite summary` and the tests handle full-size models (up to 144M
// parameters) in milliseconds instead of filling gigabytes with random numbers.
import { type Backend, type DataHandle, registerBackend } from '@dendrite/core';

let registered = false;

/**
 * Registers the 'shape-only' backend (lowest priority; select it with
 * `setBackend('shape-only')`). Reading a tensor's values on it rejects.
 *
 * @example
 * ```ts
 * registerShapeOnlyBackend();
 * await setBackend('shape-only');
 * new ResNet({ depth: 152 }).numParameters(); // 60,192,808, nothing allocated
 * ```
 */
export function registerShapeOnlyBackend(): void {
  if (registered) return;
  registered = true;
  let live = 0;
  const noop = () => undefined;
  const backend: Backend = {
    name: 'shape-only',
    capabilities: { dtypes: ['float32', 'int32', 'bool'], syncRead: false, description: 'test backend: no storage, no-op kernels' },
    alloc: () => {
      live++;
      return {} as DataHandle;
    },
    write: noop,
    read: () => Promise.reject(new Error('shape-only backend holds no data')),
    free: () => {
      live--;
    },
    memory: () => ({ bytes: 0, buffers: live }),
    kernels: new Proxy({}, { get: (_t, key) => (key === 'then' ? undefined : noop), has: () => true }) as Backend['kernels'],
  };
  registerBackend('shape-only', () => backend, { priority: -100 });
}
