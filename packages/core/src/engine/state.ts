import type { Tensor } from '../tensor/tensor.js';

/**
 * Process-wide engine state: the tidy scope stack, whether autograd records,
 * and the count of live user-visible tensors per backend.
 */
class EngineState {
  /** Open tidy scopes, innermost last; each tracks the tensors created in it. */
  readonly scopes: Set<Tensor>[] = [];
  /** Whether ops record autograd nodes. */
  gradEnabled = true;
  /** Live user-visible tensors per backend. */
  readonly liveTensors = new Map<string, number>();
  nextId = 0;

  countTensor(backend: string, delta: number): void {
    this.liveTensors.set(backend, (this.liveTensors.get(backend) ?? 0) + delta);
  }
}

export const engine = new EngineState();
