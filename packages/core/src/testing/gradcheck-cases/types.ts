import type { Tensor } from '../../index.js';

/** One gradcheck case: `fn` is differentiated w.r.t. every float32 input `inputs()` makes. */
export interface GradCase {
  /** The public op name (an export of src/ops/index.ts) this case covers. */
  op: string;
  /** A label when one op has several cases. */
  name?: string;
  /** The function checked: the op applied to the inputs (reduced to a tensor gradcheck can differentiate). */
  fn: (...xs: Tensor[]) => Tensor;
  /** Fresh inputs for one run (random, never all zeros); the runner disposes them. */
  inputs: () => Tensor[];
  /** Overrides of gradcheck's tolerances, with the reason in a comment where set. */
  atol?: number;
  /** Relative tolerance override. */
  rtol?: number;
  /** Finite-difference step override. */
  eps?: number;
}
