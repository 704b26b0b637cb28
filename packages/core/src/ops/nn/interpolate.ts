import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { expectFloat, expectRank } from './geometry.js';
import { hostConstant } from './host-constant.js';
import { applySeparable, linearMatrix } from './separable.js';
import { gather } from './movement.js';

/** Options of `interpolate`: give exactly one of `size` and `scaleFactor`. */
export interface InterpolateOptions {
  /** Output [height, width]. */
  size?: number | readonly [number, number];
  /** Multiplier of the input size (output = floor(size · factor)). */
  scaleFactor?: number | readonly [number, number];
  /** Default 'nearest'. */
  mode?: 'nearest' | 'bilinear';
  /** Bilinear only: map corner pixel centers onto each other (default false). */
  alignCorners?: boolean;
}

function pairOf(op: string, arg: string, v: number | readonly number[], integer: boolean): [number, number] {
  const p = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((e) => typeof e === 'number' && e > 0 && Number.isFinite(e) && (!integer || Number.isInteger(e)))) {
    throw new ValueError(`${op}: argument '${arg}' must be a positive ${integer ? 'integer' : 'number'} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/** PyTorch's 'nearest' source index: floor(dst · scale), scale = 1/factor when a factor is given. */
function nearestIndices(size: number, out: number, factor: number | undefined): Int32Array {
  const scale = factor !== undefined ? 1 / factor : size / out;
  return Int32Array.from({ length: out }, (_, i) => Math.min(Math.floor(i * scale), size - 1));
}

/**
 * Resizes x [N, C, H, W] with PyTorch's `interpolate` semantics: 'nearest'
 * gathers rows then columns; 'bilinear' is two matmuls with interpolation
 * matrices (exact, and differentiable).
 *
 * @example
 * ```ts
 * interpolate(x, { scaleFactor: 2 });                                  // nearest ×2
 * interpolate(x, { size: [7, 9], mode: 'bilinear', alignCorners: true });
 * ```
 */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  const op = 'interpolate';
  checkTensor(op, x, 'x');
  expectRank(op, 'x', x.shape, 4, '[N, C, H, W]');
  expectFloat(op, 'x', x);
  const { size, scaleFactor, mode = 'nearest', alignCorners = false } = options ?? {};
  if ((size === undefined) === (scaleFactor === undefined)) {
    throw new ValueError(`${op}: give exactly one of 'size' and 'scaleFactor', got ${JSON.stringify({ size, scaleFactor })}`);
  }
  if (mode !== 'nearest' && mode !== 'bilinear') throw new ValueError(`${op}: 'mode' must be 'nearest' or 'bilinear', got ${JSON.stringify(mode)}`);
  if (mode === 'nearest' && alignCorners) throw new ValueError(`${op}: 'alignCorners' applies to mode 'bilinear' only`);
  const [, , h, w] = x.shape;
  const factors = scaleFactor !== undefined ? pairOf(op, 'scaleFactor', scaleFactor, false) : undefined;
  const [oh, ow] = factors ? [Math.floor(h * factors[0]), Math.floor(w * factors[1])] : pairOf(op, 'size', size!, true);
  if (oh < 1 || ow < 1 || h === 0 || w === 0) {
    throw new ShapeError(`${op}: cannot resize ${fmtShape(x.shape)} to ${oh}×${ow}`);
  }
  return tidy(() => {
    if (mode === 'bilinear') {
      return applySeparable(x, linearMatrix(h, oh, alignCorners, factors?.[0]), linearMatrix(w, ow, alignCorners, factors?.[1]));
    }
    const b = x.backendImpl;
    const rows = gather(x, hostConstant(b, nearestIndices(h, oh, factors?.[0]), [oh], 'int32'), 2);
    return gather(rows, hostConstant(b, nearestIndices(w, ow, factors?.[1]), [ow], 'int32'), 3);
  });
}
