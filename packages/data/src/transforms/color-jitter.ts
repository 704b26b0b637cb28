import { add, clamp, concat, type Generator, mean, mod, mul, sliceAxis, sub, type Tensor, tensor, ValueError } from '@dendrite/core';
import { rgbToGrayscale } from '../color/grayscale.js';
import { hsvToRgb, rgbToHsv } from '../color/hsv.js';
import { uniformIn } from './random-draws.js';
import { Transform } from './transform.js';

/** Options of `ColorJitter`: a strength s means a factor in [max(0, 1 - s), 1 + s]; [lo, hi] gives the range itself. */
export interface ColorJitterOptions {
  /** Brightness strength: pixels are scaled by a random factor. */
  brightness?: number | [number, number];
  /** Contrast strength: pixels move away from (or towards) the image's mean gray. */
  contrast?: number | [number, number];
  /** Saturation strength: pixels move away from (or towards) their own gray. */
  saturation?: number | [number, number];
  /** A shift of hue in turns: h means [-h, h], with 0 <= h <= 0.5. */
  hue?: number | [number, number];
}

function factorRange(v: number | [number, number] | undefined, arg: string): [number, number] {
  if (v === undefined) return [1, 1];
  const r: [number, number] = typeof v === 'number' ? [Math.max(0, 1 - v), 1 + v] : v;
  if (typeof v === 'number' && !(v >= 0)) throw new ValueError(`ColorJitter: '${arg}' must be non-negative, got ${v}`);
  if (!(r[0] >= 0 && r[0] <= r[1] && Number.isFinite(r[1]))) throw new ValueError(`ColorJitter: '${arg}' range must be [lo, hi] with 0 <= lo <= hi, got ${JSON.stringify(v)}`);
  return r;
}

function hueRange(v: number | [number, number] | undefined): [number, number] {
  if (v === undefined) return [0, 0];
  const r: [number, number] = typeof v === 'number' ? [-v, v] : v;
  if (!(r[0] >= -0.5 && r[0] <= r[1] && r[1] <= 0.5)) throw new ValueError(`ColorJitter: 'hue' must lie in [-0.5, 0.5], got ${JSON.stringify(v)}`);
  return r;
}

/** `f * x + (1 - f) * other`, clamped to [0, 1] as torchvision's `_blend`. */
function blend(x: Tensor, other: Tensor, f: Tensor): Tensor {
  return clamp(add(mul(x, f), mul(other, sub(1, f))), 0, 1);
}

/**
 * Randomly changes brightness, contrast, saturation and hue, with factors
 * drawn per sample, as torchvision's `ColorJitter`, on images in [0, 1].
 * The adjustments run in that fixed order; a component whose range is the
 * identity ([1, 1], or a hue shift of 0) is skipped. Saturation and hue need
 * RGB images and are skipped on 1-channel ones.
 *
 * @example
 * ```ts
 * const y = new ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }).apply(x, g);
 * ```
 */
export class ColorJitter extends Transform {
  private readonly brightness: [number, number];
  private readonly contrast: [number, number];
  private readonly saturation: [number, number];
  private readonly hue: [number, number];

  /**
   * Random brightness, contrast, saturation and hue changes, applied per sample in a random order (as torchvision).
   * @param options - the strength of each change; those left out are not applied
   */
  constructor(options: ColorJitterOptions = {}) {
    super();
    this.brightness = factorRange(options.brightness, 'brightness');
    this.contrast = factorRange(options.contrast, 'contrast');
    this.saturation = factorRange(options.saturation, 'saturation');
    this.hue = hueRange(options.hue);
  }

  private factors(g: Generator, n: number, range: [number, number]): Tensor {
    return tensor(Float32Array.from({ length: n }, () => uniformIn(g, ...range)), [n, 1, 1, 1]);
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const n = x.shape[0];
    const rgb = x.shape[1] === 3;
    const active = (r: [number, number], identity: number) => r[0] !== identity || r[1] !== identity;
    let y = x;
    if (active(this.brightness, 1)) y = clamp(mul(y, this.factors(g, n, this.brightness)), 0, 1);
    if (active(this.contrast, 1)) {
      const gray = rgb ? rgbToGrayscale(y) : y;
      y = blend(y, mean(gray, [1, 2, 3], true), this.factors(g, n, this.contrast));
    }
    if (rgb && active(this.saturation, 1)) {
      const gray = rgbToGrayscale(y);
      y = blend(y, concat([gray, gray, gray], 1), this.factors(g, n, this.saturation));
    }
    if (rgb && active(this.hue, 0)) {
      const hsv = rgbToHsv(y);
      const h = mod(add(sliceAxis(hsv, 1, 0, 1), this.factors(g, n, this.hue)), 1);
      y = hsvToRgb(concat([h, sliceAxis(hsv, 1, 1, 3)], 1));
    }
    return y === x ? x.clone() : y;
  }
}
