/**
 * @dendrite/core/testing: the kit backend authors run — the reference
 * backend (plain TypeScript, float64 accumulation), the backend conformance
 * suite and numeric gradient checks.
 *
 * @example
 * ```ts
 * import { backendConformance } from '@dendrite/core/testing';
 * backendConformance(() => createMyBackend());
 * ```
 * @packageDocumentation
 */
export { createReferenceBackend } from '../reference/index.js';
export { gradcheck, gradcheckAsync, type GradcheckOptions, type GradcheckResult, type GradcheckFailure } from './gradcheck.js';
export { backendConformance, type ConformanceOptions } from './conformance.js';
export type { TestRunner, TestBody } from './runner.js';
export { conformanceCases, conformanceCaseNames, ALL_KERNELS, DEFAULT_CONFORMANCE_SEED } from './conformance-cases.js';
export { compareKernel, POISON, type CaseComparison } from './conformance-compare.js';
export { backendGradcheck, gradcheckCases, runGradcheckCase, type BackendGradcheckOptions } from './backend-gradcheck.js';
export type { GradCase } from './gradcheck-cases/types.js';
export { checkOptimizerPaths, OPTIMIZER_PATH_CONFIGS } from './optimizer-paths.js';
