import { ShapeError, ValueError } from '../../errors.js';
import { allocTensor } from '../../engine/apply.js';
import { tidy } from '../../engine/scope.js';
import { defaultGenerator, type Generator } from '../../random/generator.js';
import { fmtShape, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { mul } from '../binary.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { expectFloat } from './geometry.js';

/** Options of `dropout` and `dropout2d`. */
export interface DropoutOptions {
  /** The random stream (the default generator otherwise). */
  generator?: Generator;
}

/** 0/1 draws on x's backend, 1 with probability `keep`, from the counter-based generator. */
function keepMask(x: Tensor, shape: readonly number[], keep: number, generator: Generator | undefined): Tensor {
  const g = generator ?? defaultGenerator;
  const offset = g.take(sizeOf(shape));
  return allocTensor(x.backendImpl, shape, x.dtype, (k, out) => k.random(out, { kind: 'bernoulli', key0: g.key0, key1: g.key1, offset, a: keep, b: 0 }));
}

function checkArgs(op: string, x: Tensor, p: number): void {
  checkTensor(op, x, 'x');
  expectFloat(op, 'x', x);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`${op}: 'p' must be a probability in [0, 1], got ${JSON.stringify(p)}`);
}

/** Zeroes with probability p per mask cell and scales survivors by 1 / (1 - p). */
function dropWithMask(x: Tensor, p: number, training: boolean, maskShape: readonly number[], generator: Generator | undefined): Tensor {
  if (!training || p === 0) return reshape(x, x.shape);
  if (p === 1) return mul(x, 0);
  return tidy(() => mul(x, mul(keepMask(x, maskShape, 1 - p, generator), 1 / (1 - p))));
}

/**
 * Inverted dropout: in training, zeroes each element with probability `p`
 * and scales the rest by 1 / (1 - p); the identity otherwise.
 *
 * @example
 * ```ts
 * const h = dropout(x, 0.5, model.training);
 * dropout(x, 0.1, true, { generator: new Generator(42) });
 * ```
 */
export function dropout(x: Tensor, p = 0.5, training = true, options: DropoutOptions = {}): Tensor {
  checkArgs('dropout', x, p);
  return dropWithMask(x, p, training, x.shape, options.generator);
}

/**
 * Channel dropout: zeroes whole channels of x [N, C, ...] (a [C, H, W]
 * input counts as one sample) with probability `p`, scaling the rest by 1 / (1 - p).
 *
 * @example
 * ```ts
 * dropout2d(featureMaps, 0.2, true);
 * ```
 */
export function dropout2d(x: Tensor, p = 0.5, training = true, options: DropoutOptions = {}): Tensor {
  checkArgs('dropout2d', x, p);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`dropout2d: 'x' must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const channels = x.rank === 4 ? 2 : 1;
  const maskShape = x.shape.map((d, i) => (i < channels ? d : 1));
  return dropWithMask(x, p, training, maskShape, options.generator);
}
