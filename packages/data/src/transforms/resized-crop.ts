import { type Generator, type Tensor, ValueError } from '@dendrite/core';
import { type SamplingOptions, warpAffine } from './affine.js';
import { type Size2, toSize2 } from './crop.js';
import { checkRange, uniformIn } from './random-draws.js';
import { Transform } from './transform.js';

/** A crop box in input pixels. */
interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** The [2, 3] grid matrix that maps the whole output onto `box` of an H x W input. */
function boxTheta(b: Box, h: number, w: number): number[] {
  return [b.width / w, 0, (2 * b.left + b.width) / w - 1, 0, b.height / h, (2 * b.top + b.height) / h - 1];
}

/** Options of `RandomResizedCrop`. */
export interface RandomResizedCropOptions extends SamplingOptions {
  /** Range of the crop's area as a fraction of the image (default [0.08, 1]). */
  scale?: [number, number];
  /** Range of the crop's aspect ratio width / height (default [3/4, 4/3]). */
  ratio?: [number, number];
}

/**
 * Crops a random box of random area and aspect ratio from each sample and
 * resizes it to `size` (bilinear), as torchvision's `RandomResizedCrop`
 * (the Inception / ResNet augmentation): 10 tries at a box that fits, then
 * a central box of the clamped ratio.
 *
 * @example
 * ```ts
 * const y = new RandomResizedCrop(224).apply(x, g); // [N, C, 224, 224]
 * ```
 */
export class RandomResizedCrop extends Transform {
  /** Output [height, width]. */
  readonly size: [number, number];
  private readonly scale: [number, number];
  private readonly ratio: [number, number];

  /**
   * A random crop of random area and aspect ratio per sample, resized to `size` (Inception-style).
   * @param size - output size: one number for a square, or [height, width]
   * @param options - the area fraction and aspect-ratio ranges, and the interpolation
   */
  constructor(size: Size2, readonly options: RandomResizedCropOptions = {}) {
    super();
    this.size = toSize2(size, 'RandomResizedCrop');
    this.scale = options.scale ?? [0.08, 1];
    this.ratio = options.ratio ?? [3 / 4, 4 / 3];
    checkRange('RandomResizedCrop', 'scale', this.scale, Number.MIN_VALUE);
    checkRange('RandomResizedCrop', 'ratio', this.ratio, Number.MIN_VALUE);
  }

  private box(g: Generator, h: number, w: number): Box {
    const area = h * w;
    const [lr0, lr1] = this.ratio.map(Math.log);
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * uniformIn(g, ...this.scale);
      const aspect = Math.exp(uniformIn(g, lr0, lr1));
      const bw = Math.round(Math.sqrt(target * aspect));
      const bh = Math.round(Math.sqrt(target / aspect));
      if (bw > 0 && bw <= w && bh > 0 && bh <= h) return { top: g.int(0, h - bh + 1), left: g.int(0, w - bw + 1), height: bh, width: bw };
    }
    const inRatio = w / h;
    let [bh, bw] = [h, w];
    if (inRatio < this.ratio[0]) bh = Math.round(w / this.ratio[0]);
    else if (inRatio > this.ratio[1]) bw = Math.round(h * this.ratio[1]);
    return { top: Math.floor((h - bh) / 2), left: Math.floor((w - bw) / 2), height: bh, width: bw };
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const [h, w] = [x.shape[2], x.shape[3]];
    const thetas: number[] = [];
    for (let i = 0; i < x.shape[0]; i++) thetas.push(...boxTheta(this.box(g, h, w), h, w));
    return warpAffine(x, thetas, this.options, this.size);
  }
}

/**
 * VGG's scale jittering: each sample is rescaled so its shorter side is a
 * random S in `scaleRange` (inclusive integers), then a random `size` crop is
 * taken; done in one resampling per sample.
 *
 * @example
 * ```ts
 * const y = new RandomScaleJitter([256, 512], 224).apply(x, g); // [N, C, 224, 224]
 * ```
 */
export class RandomScaleJitter extends Transform {
  /** Output [height, width]. */
  readonly size: [number, number];

  /**
   * VGG's scale jittering.
   * @param scaleRange - [min, max] of the shorter side each sample is rescaled to
   * @param size - the crop taken after rescaling
   * @param options - interpolation
   */
  constructor(readonly scaleRange: [number, number], size: Size2, readonly options: SamplingOptions = {}) {
    super();
    this.size = toSize2(size, 'RandomScaleJitter');
    checkRange('RandomScaleJitter', 'scaleRange', scaleRange, 1);
    if (scaleRange[0] < Math.max(...this.size)) {
      throw new ValueError(`RandomScaleJitter: the smallest scale ${scaleRange[0]} must be at least the crop size ${Math.max(...this.size)}`);
    }
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const [h, w] = [x.shape[2], x.shape[3]];
    const [ch, cw] = this.size;
    const thetas: number[] = [];
    for (let i = 0; i < x.shape[0]; i++) {
      const s = g.int(this.scaleRange[0], this.scaleRange[1] + 1);
      const f = s / Math.min(h, w); // rescale factor; the crop covers size / f input pixels
      const bh = ch / f;
      const bw = cw / f;
      thetas.push(...boxTheta({ top: uniformIn(g, 0, h - bh), left: uniformIn(g, 0, w - bw), height: bh, width: bw }, h, w));
    }
    return warpAffine(x, thetas, this.options, this.size);
  }
}
