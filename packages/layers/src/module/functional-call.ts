// Calling a module with substitute parameter tensors (torch.func.functional_call):
// gradients then flow to the given tensors, which numeric gradient checks
// and meta-learning need.
import { fmtShape, ShapeError, shapesEqual, type Tensor, ValueError } from '@dendrite/core';
import type { AnyModule } from './module.js';
import type { TensorHolder } from './parameter.js';

/**
 * Runs `fn` (usually `() => module.forward(x)`) with the named parameters and
 * buffers replaced by `tensors`, restoring the module's own tensors afterwards.
 *
 * @example
 * ```ts
 * const w = randn([2, 3], { requiresGrad: true });
 * const y = functionalCall(fc, { weight: w }, () => fc.forward(x)); // d y / d w flows to w
 * ```
 */
export function functionalCall<T>(module: AnyModule, tensors: Record<string, Tensor>, fn: () => T): T {
  const holders = new Map<string, TensorHolder>([...module.namedParameters(), ...module.namedBuffers()]);
  const swapped: [TensorHolder, Tensor][] = [];
  try {
    for (const [name, t] of Object.entries(tensors)) {
      const h = holders.get(name);
      if (!h) throw new ValueError(`functionalCall: ${module.constructor.name} has no parameter or buffer '${name}' (have ${[...holders.keys()].join(', ')})`);
      if (!shapesEqual(h.shape, t.shape)) throw new ShapeError(`functionalCall: '${name}' must have shape ${fmtShape(h.shape)}, got ${fmtShape(t.shape)}`);
      swapped.push([h, h._swap(t)]);
    }
    return fn();
  } finally {
    for (const [h, original] of swapped.reverse()) h._swap(original);
  }
}
