import type { Tensor } from '../../index.js';

/** One gradcheck case: `fn` is differentiated w.r.t. every float32 input `inputs()` makes. */
export interface GradCase {
  /** The public op name (an export of src/ops/index.ts) this case covers. */
  op: string;
  /** A label when one op has several cases. */
  name?: string;
  fn: (...xs: Tensor[]) => Tensor;
  inputs: () => Tensor[];
  /** Overrides of gradcheck's tolerances, with the reason in a comment where set. */
  atol?: number;
  rtol?: number;
  eps?: number;
}
