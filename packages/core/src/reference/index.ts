/**
 * The reference backend: every kernel of the Backend contract in plain
 * TypeScript with float64 accumulation, the oracle the conformance kit
 * compares other backends with.
 *
 * @example
 * ```ts runnable
 * import { createReferenceBackend } from '@dendrite/core/testing';
 * const ref = createReferenceBackend();
 * ```
 * @packageDocumentation
 */
export { createReferenceBackend } from './backend.js';
export { referenceKernels } from './kernels.js';
