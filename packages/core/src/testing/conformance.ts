// The backend conformance kit: test suites that check a backend kernel by
// kernel against the reference backend. It imports no test runner (backend
// authors may use any): the suite functions come from options.runner or the
// runner's globals.
import { type Backend, type BackendFactory, PRIMITIVE_KERNELS } from '../backend/contract.js';
import { createReferenceBackend } from '../reference/index.js';
import type { KernelName } from './conformance-case.js';
import { ALL_KERNELS, conformanceCases, DEFAULT_CONFORMANCE_SEED } from './conformance-cases.js';
import { compareKernel } from './conformance-compare.js';
import { halfCases } from './conformance-half.js';
import { resolveRunner, skipTest, type TestRunner } from './runner.js';

/**
 * Options of `backendConformance`.
 *
 * @example
 * ```ts
 * backendConformance(createMyBackend, { name: 'mine, 4 threads', seed: 7, skip: ['random'] });
 * ```
 */
export interface ConformanceOptions {
  /** Shown in the suite title (default: the backend's name once created). */
  name?: string;
  /** Seed of the random shapes and values (default `DEFAULT_CONFORMANCE_SEED`); failures replay with the same seed. */
  seed?: number;
  /** Kernel names to leave out (each is reported as skipped, with a printed note). */
  skip?: string[];
  /**
   * Also replay every float32 case in float16 (default true). Where the
   * backend does not list float16 in `capabilities.dtypes` those cases skip
   * with a printed note; `false` leaves them out (also noted).
   */
  float16?: boolean;
  /**
   * The test runner's suite functions (`describe`, `it`, `beforeAll`,
   * `afterAll`), e.g. `import * as vitest from 'vitest'`. Default: the
   * runner's globals (jest, mocha, vitest with `globals: true`).
   */
  runner?: TestRunner;
}

const PRIMITIVES: ReadonlySet<string> = new Set(PRIMITIVE_KERNELS);

/**
 * Registers vitest suites checking a backend against the reference backend:
 * for every kernel of the contract, cases over random shapes (rank 0..4,
 * size-1 and empty dims, broadcasting, odd sizes) and values, each run on
 * fresh buffers with a poisoned output, compared under a stated tolerance.
 * Primitive kernels are mandatory; fused kernels the backend lacks are
 * skipped with a note. A last test checks every buffer the kit allocated
 * was freed. Every case with float32 tensors is replayed in float16 for
 * backends that declare it.
 *
 * @example
 * ```ts
 * // packages/backend-mine/test/conformance.test.ts
 * import * as vitest from 'vitest';
 * import { backendConformance } from '@dendrite/core/testing';
 * import { createMyBackend } from '../src/index.js';
 * backendConformance(() => createMyBackend(), { skip: ['random'], runner: vitest });
 * ```
 */
export function backendConformance(factory: BackendFactory, options: ConformanceOptions = {}): void {
  const seed = options.seed ?? DEFAULT_CONFORMANCE_SEED;
  const skip = new Set(options.skip ?? []);
  const cases = conformanceCases(seed);
  const half = options.float16 === false ? undefined : halfCases(cases);
  const reference = createReferenceBackend();
  let backend: Backend | undefined;
  let startBuffers = 0;
  const noted = new Set<string>();
  const { describe, it, beforeAll, afterAll } = resolveRunner(options.runner, 'backendConformance');
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new Error(message);
  };

  describe(`backend conformance${options.name ? `: ${options.name}` : ''} (seed ${seed})`, () => {
    beforeAll(async () => {
      backend = await factory();
      startBuffers = backend.memory().buffers;
    });
    afterAll(() => {
      backend?.dispose?.();
    });

    for (const kernel of ALL_KERNELS) {
      describe(kernel, () => {
        if (skip.has(kernel)) {
          console.info(`backend conformance: skipping '${kernel}' (options.skip)`);
          (it.skip ?? it)(`${kernel}: skipped by options.skip`, () => {});
          return;
        }
        for (const kase of cases[kernel]) {
          it(kase.label, async (ctx) => {
            const b = backend!;
            if (!b.kernels[kernel as KernelName]) {
              if (PRIMITIVES.has(kernel)) throw new Error(`backend '${b.name}' lacks the primitive kernel '${kernel}', which every backend must implement`);
              if (!noted.has(kernel)) console.info(`backend conformance: '${b.name}' has no fused '${kernel}' kernel (the core composes it from primitives); its cases are skipped`);
              noted.add(kernel);
              return skipTest(ctx, `'${b.name}' has no fused '${kernel}' kernel`);
            }
            const result = await compareKernel(b, reference, kase);
            check(result.ok, result.message);
          });
        }
        for (const kase of half?.[kernel] ?? []) {
          it(kase.label, async (ctx) => {
            const b = backend!;
            if (!b.capabilities.dtypes.includes('float16')) {
              if (!noted.has('float16')) console.info(`backend conformance: '${b.name}' does not declare float16; the float16 cases are skipped`);
              noted.add('float16');
              return skipTest(ctx, `'${b.name}' has no float16`);
            }
            if (!b.kernels[kernel as KernelName] && !PRIMITIVES.has(kernel)) return skipTest(ctx, `'${b.name}' has no fused '${kernel}' kernel`);
            const result = await compareKernel(b, reference, kase);
            check(result.ok, result.message);
          });
        }
      });
    }
    if (!half) console.info('backend conformance: float16 cases left out (options.float16 = false)');

    it('frees every buffer it allocated', () => {
      const live = backend!.memory().buffers;
      check(live === startBuffers, `buffers live on '${backend!.name}' after the kit: ${live}, expected ${startBuffers}`);
      const ref = reference.memory().buffers;
      check(ref === 0, `buffers live on the reference after the kit: ${ref}, expected 0`);
    });
  });
}
