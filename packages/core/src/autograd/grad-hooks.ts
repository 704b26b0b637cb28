// Gradient-ready hooks: `backward()` tells listeners the moment a leaf's
// gradient for this pass is complete (no later node of the graph adds to
// it), so data-parallel training can start communicating it while the rest
// of the backward pass still runs.
import type { Tensor } from '../tensor/tensor.js';

/** Called with a leaf tensor whose `.grad` got its last contribution of the current backward pass. */
export type GradReadyHook = (leaf: Tensor) => void;

const hooks = new Set<GradReadyHook>();

/**
 * Registers `hook` for every `backward()` (not for `grad()`/`gradients()`,
 * which do not write `.grad`); returns a function that removes it.
 *
 * @example
 * ```ts
 * const off = onGradReady((leaf) => console.log('ready', leaf.id));
 * loss.backward();
 * off();
 * ```
 */
export function onGradReady(hook: GradReadyHook): () => void {
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** @internal whether any hook listens (backward skips the bookkeeping otherwise). */
export function hasGradReadyHooks(): boolean {
  return hooks.size > 0;
}

/** @internal */
export function fireGradReady(leaf: Tensor): void {
  for (const h of [...hooks]) h(leaf);
}
