// Kernel parameters (sizes, shapes, strides, scalars) packed as 32-bit words
// into the read-only storage array every shader binds at 0.

/**
 * A growable list of 32-bit words.
 *
 * @example
 * ```ts
 * const p = new Params().u32(10).i32(-1).f32(0.5).list([2, 5]);
 * p.words(); // Uint32Array of 5 words
 * ```
 */
export class Params {
  private readonly data: number[] = [];
  private readonly view = new DataView(new ArrayBuffer(4));

  u32(v: number): this {
    this.data.push(v >>> 0);
    return this;
  }

  i32(v: number): this {
    this.data.push((v | 0) >>> 0);
    return this;
  }

  f32(v: number): this {
    this.view.setFloat32(0, v, true);
    this.data.push(this.view.getUint32(0, true));
    return this;
  }

  /** Appends each value as a signed 32-bit word. */
  list(values: readonly number[]): this {
    for (const v of values) this.i32(v);
    return this;
  }

  /** The index the next word will have. */
  get length(): number {
    return this.data.length;
  }

  words(): Uint32Array {
    return Uint32Array.from(this.data.length > 0 ? this.data : [0]);
  }
}
