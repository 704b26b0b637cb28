import { defaultGenerator, DTypeError, fmtShape, type Generator, ShapeError, squeeze, type Tensor, tidy, unsqueeze } from '@dendrite/core';

/**
 * An image transform on batched NCHW float32 tensors, on any backend. Random
 * transforms draw their parameters per sample, on the host, from the
 * `Generator` given to `apply` (the default generator, set by `seed()`,
 * otherwise), so the same seed gives the same batch. A single CHW image is
 * accepted too and treated as a batch of one.
 *
 * @example
 * ```ts
 * class Invert extends Transform {
 *   protected forward(x: Tensor): Tensor { return sub(1, x); }
 * }
 * const y = new Invert().apply(images);
 * ```
 */
export abstract class Transform {
  /**
   * Creates the transform. Subclasses take their settings (sizes,
   * probabilities, ranges) in their own constructors and implement `forward`.
   *
   * @example
   * ```ts
   * class Invert extends Transform {
   *   protected forward(x: Tensor): Tensor { return sub(1, x); }
   * }
   * const invert = new Invert();
   * ```
   */
  // biome-ignore lint/complexity/noUselessConstructor: explicit so that the API reference documents it; does nothing
  constructor() {}

  /** Transforms `x` [N, C, H, W] (or [C, H, W]); intermediates are freed, only the result is kept. */
  apply(x: Tensor, generator: Generator = defaultGenerator): Tensor {
    const op = this.constructor.name;
    if (x.dtype !== 'float32') throw new DTypeError(`${op}: images must be float32, got ${x.dtype} (cast and scale bytes to [0, 1] first)`);
    if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: images must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
    if (x.rank === 3) return tidy(() => squeeze(this.forward(unsqueeze(x, 0), generator), 0));
    return tidy(() => this.forward(x, generator));
  }

  /** The transform of a batch [N, C, H, W]; runs inside a tidy scope. */
  protected abstract forward(x: Tensor, generator: Generator): Tensor;
}

/**
 * A transform from a function of the batch and the generator.
 *
 * @example
 * ```ts
 * const invert = new Lambda((x) => sub(1, x));
 * ```
 */
export class Lambda extends Transform {
  /**
   * A transform from a function.
   * @param fn - maps a batch (and the generator to draw from) to the transformed batch
   */
  constructor(private readonly fn: (x: Tensor, generator: Generator) => Tensor) {
    super();
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    return this.fn(x, generator);
  }
}
