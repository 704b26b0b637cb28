// A small seeded 32-bit generator (splitmix32) for the host-side sampling of
// word2vec: windows, subsampling and negatives. Both training paths draw
// from the same stream, so they see the same examples.

/**
 * Seeded generator of uint32 and [0, 1) floats.
 *
 * @example
 * ```ts
 * const rng = new HostRng(1);
 * rng.next(); rng.uniform();
 * ```
 */
export class HostRng {
  private state: number;
  /**
   * A generator seeded with `seed` (the same seed gives the same stream).
   * @param seed - Any number; its low 32 bits pick the stream.
   */
  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  /** A uniform uint32. */
  next(): number {
    let z = (this.state = (this.state + 0x9e3779b9) | 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  uniform(): number {
    return this.next() / 4294967296;
  }
}
