// Backends write each kernel as a function of their context (a GPU runtime, a
// native stream, a wasm instance) plus the contract's arguments; this binds
// them into the kernel table, so no backend repeats the contract's signatures.
import { BackendError } from '../errors.js';
import type { FusedKernels, KernelTable, PrimitiveKernels } from './contract.js';

/** A kernel of the contract with the backend's context as its first argument. */
export type WithContext<C, F> = F extends (...args: infer A) => infer R ? (ctx: C, ...args: A) => R : never;

/**
 * A backend's kernel implementations: every primitive, and the fused kernels
 * it has, each taking the context first.
 */
export type KernelImpls<C> = { [K in keyof PrimitiveKernels]: WithContext<C, PrimitiveKernels[K]> } & {
  [K in keyof FusedKernels]?: WithContext<C, FusedKernels[K]>;
};

/**
 * The kernel table of `impls` bound to `ctx`.
 *
 * @example
 * ```ts
 * const kernels = bindKernels(rt, { fill, unary, binary, ... , conv2d });
 * kernels.fill(out, 1); // calls fill(rt, out, 1)
 * ```
 */
export function bindKernels<C>(ctx: C, impls: KernelImpls<C>): KernelTable {
  const table: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(impls) as [string, ((ctx: C, ...args: unknown[]) => unknown) | undefined][]) {
    // A bound function: no rest array and no spread per kernel call (it sits on every op's dispatch path).
    if (fn) table[name] = fn.bind(undefined, ctx);
  }
  return table as unknown as KernelTable;
}

/**
 * The same kernels, each refusing to run once `isDisposed()` answers true
 * (a disposed backend's memory may already be reused), with a
 * `BackendError` naming the backend and the kernel.
 *
 * @example
 * ```ts
 * let disposed = false;
 * const kernels = guardDisposed('mine', bindKernels(ctx, impls), () => disposed);
 * ```
 */
export function guardDisposed(backendName: string, table: KernelTable, isDisposed: () => boolean): KernelTable {
  const guarded: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(table) as [string, (...args: unknown[]) => void][]) {
    // Fixed arity (every kernel of the contract takes at most 7 arguments): no rest array and
    // no spread on every kernel call; missing arguments pass as undefined, as they would anyway.
    guarded[name] = (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown, g: unknown) => {
      if (isDisposed()) throw new BackendError(`${backendName} ${name}: the backend was disposed`);
      fn(a, b, c, d, e, f, g);
    };
  }
  return guarded as unknown as KernelTable;
}
