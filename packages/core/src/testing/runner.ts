// The few suite functions the conformance kit needs from a test runner, so
// that @dendrite/core/testing loads without one (vitest, jest, mocha,
// node:test all provide this shape).
import { ValueError } from '../errors.js';

/** A test body; runners that pass a context (vitest) give it as the argument. */
export type TestBody = (ctx?: { skip?: (note?: string) => void }) => unknown;

/**
 * The suite functions of a test runner that the conformance kit calls.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * const runner: TestRunner = vitest;
 * ```
 */
export interface TestRunner {
  /** Declares a group of tests (vitest's/jest's/mocha's `describe`). */
  describe(name: string, fn: () => void): unknown;
  /** Declares one test; `it.skip` (when present) declares a skipped one. */
  it: ((name: string, fn: TestBody) => unknown) & { skip?: (name: string, fn: () => void) => unknown };
  /** Runs `fn` once before the group's tests. */
  beforeAll(fn: () => unknown): unknown;
  /** Runs `fn` once after the group's tests. */
  afterAll(fn: () => unknown): unknown;
}

/** The runner given, else the test runner's globals; throws a ValueError naming what is missing. */
export function resolveRunner(given: TestRunner | undefined, caller: string): TestRunner {
  if (given) return given;
  const g = globalThis as Partial<TestRunner> & { before?: TestRunner['beforeAll']; after?: TestRunner['afterAll'] };
  const beforeAll = g.beforeAll ?? g.before;
  const afterAll = g.afterAll ?? g.after;
  if (typeof g.describe === 'function' && typeof g.it === 'function' && beforeAll && afterAll) {
    return { describe: g.describe, it: g.it, beforeAll, afterAll };
  }
  throw new ValueError(
    `${caller}: no test runner: pass options.runner (e.g. import * as vitest from 'vitest'; ${caller}(factory, { runner: vitest })) or run under a runner with globals (jest, mocha, vitest --globals)`,
  );
}

/** Marks the running test skipped where the runner supports it (vitest's ctx.skip), else it just ends (and passes). */
export function skipTest(ctx: Parameters<TestBody>[0], note: string): void {
  ctx?.skip?.(note);
}
