// Packs one launch's arguments into the Float64Array native/params.h reads
// (device pointers, dtype and op codes, sizes, strided layouts), in order.
import type { StridedLayout } from './layout.js';

/**
 * A launch argument list under construction.
 *
 * @example
 * ```ts
 * const p = new LaunchParams().push(ptr, 0, 16).layout(layout).build();
 * ```
 */
export class LaunchParams {
  private readonly values: number[] = [];

  /** Appends numbers (pointers, codes, sizes, flags as 0/1). */
  push(...values: (number | boolean)[]): this {
    for (const v of values) this.values.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return this;
  }

  /** Appends rank, shape, then each operand's strides (native Params::layout). */
  layout(l: StridedLayout): this {
    this.values.push(l.shape.length, ...l.shape);
    for (const s of l.strides) this.values.push(...s);
    return this;
  }

  build(): Float64Array {
    return Float64Array.from(this.values);
  }
}
