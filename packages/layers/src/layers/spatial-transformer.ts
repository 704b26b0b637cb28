import { affineGrid, fmtShape, type GridSampleOptions, gridSample, ShapeError, type Tensor, tidy } from '@dendrite/core';
import type { TensorModule } from '../module/containers.js';
import { Module } from '../module/module.js';

/** Options of `SpatialTransformer`. */
export interface SpatialTransformerOptions extends GridSampleOptions {
  /** Output [H, W] (default: the input's). */
  outputSize?: readonly [number, number];
}

/**
 * Spatial transformer network (Jaderberg et al.): a localisation network you
 * pass in maps x to 6 affine parameters per sample ([N, 6] or [N, 2, 3]);
 * the input is then resampled through `affineGrid` and `gridSample`.
 *
 * @example
 * ```ts
 * const loc = new Sequential(new Flatten(), new Linear(28 * 28, 6));
 * const stn = new SpatialTransformer(loc);
 * stn.forward(randn([4, 1, 28, 28])).shape; // [4, 1, 28, 28]
 * ```
 */
export class SpatialTransformer extends Module {
  /** Output size and sampling options. */
  readonly options: SpatialTransformerOptions;

  /**
   * A spatial transformer (Jaderberg et al. 2015): `localization` predicts an affine transform per sample, which resamples the input.
   * @param localization - maps the input to [N, 6] affine parameters (its last layer should start at the identity)
   * @param options - output size and sampling mode
   */
  constructor(
    readonly localization: TensorModule,
    options: SpatialTransformerOptions = {},
  ) {
    super();
    this.options = { ...options };
  }

  override config(): Record<string, unknown> {
    return { ...this.options };
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`SpatialTransformer: input must be [N, C, H, W], got ${fmtShape(x.shape)}`);
    const [n, c, h, w] = x.shape;
    return tidy(() => {
      const raw = this.localization.forward(x);
      if (raw.size !== n * 6) throw new ShapeError(`SpatialTransformer: the localization network must give 6 values per sample ([${n}, 6] or [${n}, 2, 3]), got ${fmtShape(raw.shape)}`);
      const theta = raw.reshape([n, 2, 3]);
      const [oh, ow] = this.options.outputSize ?? [h, w];
      const { outputSize: _o, ...sample } = this.options;
      const grid = affineGrid(theta, [n, c, oh, ow], sample.alignCorners ?? false);
      return gridSample(x, grid, sample);
    });
  }
}
