// The gradient half of the backend kit: every gradcheck case of the core
// (every differentiable public op, gradients of gradients included) run with
// a given backend active, so a backend's kernels are checked through the
// gradients the core builds from them.
import type { BackendFactory } from '../backend/contract.js';
import { getBackend, registerBackend, removeBackend, setBackend } from '../backend/registry.js';
import { memory } from '../engine/memory.js';
import { dispose } from '../engine/scope.js';
import { seed } from '../random/generator.js';
import { allGradCases } from './gradcheck-cases/all.js';
import type { GradCase } from './gradcheck-cases/types.js';
import { gradcheckAsync, type GradcheckResult } from './gradcheck.js';

/**
 * Options of `backendGradcheck`.
 *
 * @example
 * ```ts
 * await backendGradcheck(createMyBackend, { name: 'mine', skip: ['gridSample'] });
 * ```
 */
export interface BackendGradcheckOptions {
  /** Shown in the suite title (default: the backend's name). */
  name?: string;
  /** Seed of the random inputs (default 1234, as the core's own run). */
  seed?: number;
  /** Op names whose cases are left out (each reported as skipped, with a printed note). */
  skip?: string[];
  /**
   * Per-op overrides of the finite-difference step, for backends whose float32
   * sums round differently (state the measured reason where you set one).
   */
  eps?: Record<string, number>;
}

/**
 * The gradcheck cases `backendGradcheck` runs: one or more per differentiable
 * public op, labelled `op (variant)`.
 *
 * @example
 * ```ts
 * gradcheckCases().map((c) => c.op); // ['neg', 'abs', 'exp', ...]
 * ```
 */
export function gradcheckCases(): readonly GradCase[] {
  return allGradCases;
}

/**
 * Runs one gradcheck case on the current backend and frees its inputs.
 * Reads asynchronously, so it works on backends without synchronous reads.
 *
 * @example
 * ```ts
 * const r = await runGradcheckCase(gradcheckCases()[0]);
 * ```
 */
export async function runGradcheckCase(c: GradCase, eps?: number): Promise<GradcheckResult> {
  const inputs = c.inputs();
  try {
    return await gradcheckAsync(c.fn, inputs, { atol: c.atol, rtol: c.rtol, eps: eps ?? c.eps });
  } finally {
    dispose(inputs);
  }
}

/**
 * Registers vitest suites that run every gradcheck case of the core (every
 * differentiable public op, and gradients of gradients) with the backend
 * `factory` makes as the active backend, comparing autograd's gradients with
 * central finite differences, and checking that each case frees every tensor
 * it made. vitest is loaded when this is called, not when the kit is imported.
 *
 * @example
 * ```ts
 * // packages/backend-mine/test/gradcheck.test.ts
 * import { backendGradcheck } from '@dendrite/core/testing';
 * await backendGradcheck(() => createMyBackend(), { name: 'mine' });
 * ```
 */
export async function backendGradcheck(factory: BackendFactory, options: BackendGradcheckOptions = {}): Promise<void> {
  const { afterAll, beforeAll, describe, expect, it } = await import('vitest');
  const skip = new Set(options.skip ?? []);
  const id = `gradcheck-${Math.random().toString(36).slice(2)}`;
  let previous: string | null = null;

  describe(`backend gradcheck${options.name ? `: ${options.name}` : ''}`, () => {
    beforeAll(async () => {
      try {
        previous = getBackend().name;
      } catch {
        previous = null;
      }
      registerBackend(id, factory, { priority: -1000 });
      await setBackend(id);
      seed(options.seed ?? 1234);
    });
    afterAll(async () => {
      if (previous) await setBackend(previous);
      removeBackend(id); // disposes the backend

    });

    for (const c of allGradCases) {
      const label = `${c.op}${c.name ? ` (${c.name})` : ''}`;
      if (skip.has(c.op)) {
        console.info(`backend gradcheck: skipping '${label}' (options.skip)`);
        it.skip(label, () => {});
        continue;
      }
      it(label, async () => {
        const before = memory().numTensors;
        const r = await runGradcheckCase(c, options.eps?.[c.op]);
        expect(r.failures.slice(0, 5)).toEqual([]);
        expect(r.checked).toBeGreaterThan(0);
        expect(memory().numTensors).toBe(before);
      });
    }
  });
}
