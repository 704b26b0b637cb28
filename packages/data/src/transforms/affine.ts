import { affineGrid, type Generator, gridSample, type Tensor, tensor, ValueError } from '@dendrite/core';
import { checkRange, uniformIn } from './random-draws.js';
import { Transform } from './transform.js';

/** One sample's affine transform, about the image center, in torchvision's terms. */
export interface AffineParams {
  /** Rotation in degrees, counter-clockwise as seen on screen (default 0). */
  angle?: number;
  /** Shift [right, down] in pixels (default [0, 0]). */
  translate?: [number, number];
  /** Zoom factor (default 1; > 1 enlarges). */
  scale?: number;
  /** Shear angles [x, y] in degrees (default [0, 0]). */
  shear?: [number, number];
}

/** How `gridSample` reads the image. */
export interface SamplingOptions {
  /** 'bilinear' (default) or 'nearest'. */
  mode?: 'bilinear' | 'nearest';
  /** Pixels brought in from outside the image: 'zeros' (default) or the nearest 'border' pixel. */
  padding?: 'zeros' | 'border';
}

const RAD = Math.PI / 180;

/**
 * The [2, 3] `affineGrid` matrix (output → input, normalized coordinates,
 * align_corners = false) of an affine transform on an H x W image. The
 * forward map in centered pixel coordinates (y down) is p' = R · Sh · s · p + t;
 * the grid needs its inverse.
 *
 * @example
 * ```ts
 * const theta = affineTheta({ angle: 90 }, 28, 28); // 6 numbers
 * ```
 */
export function affineTheta(p: AffineParams, h: number, w: number): number[] {
  const a = (p.angle ?? 0) * RAD;
  const [tx, ty] = p.translate ?? [0, 0];
  const s = p.scale ?? 1;
  const [shx, shy] = (p.shear ?? [0, 0]).map((v) => Math.tan(v * RAD));
  if (!(s > 0)) throw new ValueError(`affineTheta: 'scale' must be positive, got ${s}`);
  const c = Math.cos(a);
  const si = Math.sin(a);
  // F = R · Sh · s, with R the on-screen counter-clockwise rotation for y pointing down.
  const f00 = s * (c + si * shy);
  const f01 = s * (c * shx + si);
  const f10 = s * (-si + c * shy);
  const f11 = s * (-si * shx + c);
  const det = f00 * f11 - f01 * f10;
  if (Math.abs(det) < 1e-12) throw new ValueError(`affineTheta: the transform ${JSON.stringify(p)} is singular (shear of ±45° on both axes?)`);
  const a00 = f11 / det;
  const a01 = -f01 / det;
  const a10 = -f10 / det;
  const a11 = f00 / det;
  const b0 = -(a00 * tx + a01 * ty);
  const b1 = -(a10 * tx + a11 * ty);
  // Pixel → normalized: x_n = x / (W/2), y_n = y / (H/2).
  return [a00, (a01 * h) / w, (2 * b0) / w, (a10 * w) / h, a11, (2 * b1) / h];
}

/**
 * Warps each sample with its own 2-D transform given as [2, 3] `affineGrid`
 * matrices (output → input), through `affineGrid` + `gridSample` as the
 * spatial transformer does. `size` is the output [height, width] (default:
 * the input's).
 *
 * @example
 * ```ts
 * const y = warpAffine(x, thetas, { mode: 'bilinear' }); // thetas: N * 6 numbers
 * ```
 */
export function warpAffine(x: Tensor, thetas: ArrayLike<number>, options: SamplingOptions = {}, size?: [number, number]): Tensor {
  const [n, c, h, w] = x.shape;
  if (thetas.length !== 6 * n) throw new ValueError(`warpAffine: need 6 numbers per sample (${6 * n} for ${n} samples), got ${thetas.length}`);
  const [oh, ow] = size ?? [h, w];
  const grid = affineGrid(tensor(Float32Array.from(thetas), [n, 2, 3]), [n, c, oh, ow], false);
  return gridSample(x, grid, { mode: options.mode ?? 'bilinear', paddingMode: options.padding ?? 'zeros', alignCorners: false });
}

/**
 * Applies a given affine transform (one for all samples, or one per sample).
 *
 * @example
 * ```ts
 * const rotated = affine(x, { angle: 30 });
 * const shifted = affine(x, [{ translate: [2, 0] }, { translate: [-1, 3] }]);
 * ```
 */
export function affine(x: Tensor, params: AffineParams | AffineParams[], options: SamplingOptions = {}): Tensor {
  const n = x.shape[0];
  const list = Array.isArray(params) ? params : new Array<AffineParams>(n).fill(params);
  if (list.length !== n) throw new ValueError(`affine: ${list.length} parameter sets for ${n} samples`);
  const [h, w] = [x.shape[2], x.shape[3]];
  return warpAffine(x, list.flatMap((p) => affineTheta(p, h, w)), options);
}

/** Options of `RandomAffine`. */
export interface RandomAffineOptions extends SamplingOptions {
  /** Rotation range in degrees: d means [-d, d] (default 0). */
  degrees?: number | [number, number];
  /** Maximal shift as fractions of [width, height] (default none). */
  translate?: [number, number];
  /** Zoom range [low, high] (default [1, 1]). */
  scale?: [number, number];
  /** Shear in degrees: d means x in [-d, d]; [a, b] x in [a, b]; [a, b, c, d] also y in [c, d] (default 0). */
  shear?: number | [number, number] | [number, number, number, number];
}

function symmetric(v: number | [number, number], op: string, arg: string): [number, number] {
  const r: [number, number] = typeof v === 'number' ? [-Math.abs(v), Math.abs(v)] : v;
  checkRange(op, arg, r);
  return r;
}

/**
 * Random rotation, translation, scaling and shear about the center, drawn
 * per sample, as torchvision's `RandomAffine`.
 *
 * @example
 * ```ts
 * const y = new RandomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 5 }).apply(x, g);
 * ```
 */
export class RandomAffine extends Transform {
  private readonly degrees: [number, number];
  private readonly shearX: [number, number];
  private readonly shearY: [number, number];

  /**
   * A random affine transform per sample.
   * @param options - ranges of rotation, translation, scale and shear, and the sampling mode and fill
   */
  constructor(readonly options: RandomAffineOptions = {}) {
    super();
    this.degrees = symmetric(options.degrees ?? 0, 'RandomAffine', 'degrees');
    const sh = options.shear ?? 0;
    this.shearX = typeof sh === 'number' ? symmetric(sh, 'RandomAffine', 'shear') : [sh[0], sh[1]];
    this.shearY = typeof sh !== 'number' && sh.length === 4 ? [sh[2], sh[3]] : [0, 0];
    checkRange('RandomAffine', 'shear', this.shearX);
    checkRange('RandomAffine', 'shear', this.shearY);
    if (options.scale) checkRange('RandomAffine', 'scale', options.scale, Number.MIN_VALUE);
    if (options.translate && !(options.translate.length === 2 && options.translate.every((t) => t >= 0 && t <= 1))) {
      throw new ValueError(`RandomAffine: 'translate' must be [fx, fy] fractions in [0, 1], got ${JSON.stringify(options.translate)}`);
    }
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const [h, w] = [x.shape[2], x.shape[3]];
    const thetas: number[] = [];
    for (let i = 0; i < x.shape[0]; i++) {
      const angle = uniformIn(g, ...this.degrees);
      const [fx, fy] = this.options.translate ?? [0, 0];
      const translate: [number, number] = [Math.round(uniformIn(g, -fx * w, fx * w)), Math.round(uniformIn(g, -fy * h, fy * h))];
      const scale = this.options.scale ? uniformIn(g, ...this.options.scale) : 1;
      const shear: [number, number] = [uniformIn(g, ...this.shearX), uniformIn(g, ...this.shearY)];
      thetas.push(...affineTheta({ angle, translate, scale, shear }, h, w));
    }
    return warpAffine(x, thetas, this.options);
  }
}

/**
 * Random rotation per sample: d degrees means [-d, d].
 *
 * @example
 * ```ts
 * const y = new RandomRotation(15).apply(x, g);
 * ```
 */
export class RandomRotation extends RandomAffine {
  /**
   * A random rotation per sample.
   * @param degrees - d for an angle in [-d, d], or [lo, hi]; counter-clockwise on screen
   * @param options - interpolation mode and fill
   */
  constructor(degrees: number | [number, number], options: SamplingOptions = {}) {
    super({ ...options, degrees });
  }
}
