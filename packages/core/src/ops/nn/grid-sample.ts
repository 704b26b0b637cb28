import type { GridSampleAttrs } from '../../backend/contract.js';
import { ShapeError, ValueError } from '../../errors.js';
import { apply } from '../../engine/apply.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul } from '../binary.js';
import { checkTensor } from '../check.js';
import { zerosLike } from '../creation.js';
import { reshape } from '../reshape.js';
import { sum } from '../reduce.js';
import { expectFloat, expectSameDType } from './geometry.js';
import { type Corner, sampleCorners } from './grid-sample-corners.js';
import { hasFused } from './host-constant.js';
import { scatterAdd, stack, takeAlongAxis } from './movement.js';

/** Options of `gridSample`. */
export interface GridSampleOptions {
  /** Default 'bilinear'. */
  mode?: 'bilinear' | 'nearest';
  /** Points outside the image read 0 ('zeros', default) or the nearest border pixel ('border'). */
  paddingMode?: 'zeros' | 'border';
  /** -1 and 1 address the centers of the corner pixels (true) or their outer edges (false, default). */
  alignCorners?: boolean;
}

function cornerWeight(c: Corner): Tensor {
  let w = c.inside;
  if (typeof c.wx !== 'number') w = mul(w, c.wx);
  if (typeof c.wy !== 'number') w = mul(w, c.wy);
  return w;
}

/** Σ over neighbours of value · weight, from primitives (gathers), differentiable in x and grid. */
function gridSampleComposed(x: Tensor, grid: Tensor, attrs: GridSampleAttrs): Tensor {
  return tidy(() => {
    const [n, c, h, w] = x.shape;
    const [, oh, ow] = grid.shape;
    const flat = reshape(x, [n, c, h * w]);
    const { corners } = sampleCorners(grid, c, h, w, attrs);
    const terms = corners.map((cn) => mul(takeAlongAxis(flat, cn.index, 2), cornerWeight(cn)));
    return reshape(terms.reduce((a, b) => add(a, b)), [n, c, oh, ow]);
  });
}

/**
 * Gradients of grid sampling in core ops: dx scatters dy·weight to each
 * neighbour; dgrid = Σ_neighbours (Σ_c dy·value) · d weight / d coordinate.
 */
function gridSampleGrad(dy: Tensor, x: Tensor, grid: Tensor, attrs: GridSampleAttrs): (Tensor | null)[] {
  const [n, c, h, w] = x.shape;
  const p = grid.shape[1] * grid.shape[2];
  const s = sampleCorners(grid, c, h, w, attrs);
  const dy3 = reshape(dy, [n, c, p]);
  let dx: Tensor | null = null;
  if (x.requiresGrad) {
    let acc = zerosLike(reshape(x, [n, c, h * w]));
    for (const cn of s.corners) acc = scatterAdd(acc, 2, cn.index, mul(dy3, cornerWeight(cn)));
    dx = reshape(acc, x.shape);
  }
  if (!grid.requiresGrad) return [dx, null];
  if (attrs.mode === 'nearest') return [dx, zerosLike(grid)];
  const flat = reshape(x, [n, c, h * w]);
  let gx: Tensor | null = null;
  let gy: Tensor | null = null;
  for (const cn of s.corners) {
    const along = mul(sum(mul(dy3, takeAlongAxis(flat, cn.index, 2)), 1, true), cn.inside);
    const termX = mul(mul(along, cn.wy), cn.sx);
    const termY = mul(mul(along, cn.wx), cn.sy);
    gx = gx ? add(gx, termX) : termX;
    gy = gy ? add(gy, termY) : termY;
  }
  const dgx = reshape(mul(gx!, s.dix), [n, p]);
  const dgy = reshape(mul(gy!, s.diy), [n, p]);
  return [dx, reshape(stack([dgx, dgy], 2), grid.shape)];
}

function gridSampleFused(x: Tensor, grid: Tensor, attrs: GridSampleAttrs): Tensor {
  return apply({
    op: 'gridSample',
    inputs: [x, grid],
    shape: [x.shape[0], x.shape[1], grid.shape[1], grid.shape[2]],
    dtype: x.dtype,
    kernel: (k, [xi, gi], out) => k.gridSample!(xi, gi, out, attrs),
    backward: (dy, [xs, gs]) => gridSampleGrad(dy, xs, gs, attrs),
  });
}

/**
 * Samples x [N, C, H, W] at the normalized points of grid [N, OH, OW, 2]
 * ((x, y) in [-1, 1]) giving [N, C, OH, OW], as PyTorch's `grid_sample`.
 * Bilinear sampling is differentiable in both x and the grid.
 *
 * @example
 * ```ts
 * const warped = gridSample(images, affineGrid(theta, images.shape));
 * gridSample(x, grid, { mode: 'nearest', paddingMode: 'border', alignCorners: true });
 * ```
 */
export function gridSample(x: Tensor, grid: Tensor, options: GridSampleOptions = {}): Tensor {
  const op = 'gridSample';
  checkTensor(op, x, 'x');
  checkTensor(op, grid, 'grid');
  expectFloat(op, 'x', x);
  expectFloat(op, 'grid', grid);
  expectSameDType(op, [['x', x], ['grid', grid]]);
  if (x.rank !== 4) throw new ShapeError(`${op}: 'x' must be [N, C, H, W], got ${fmtShape(x.shape)}`);
  if (grid.rank !== 4 || grid.shape[3] !== 2 || grid.shape[0] !== x.shape[0]) {
    throw new ShapeError(`${op}: 'grid' must be [N, OH, OW, 2] with N = ${x.shape[0]} (x ${fmtShape(x.shape)}), got ${fmtShape(grid.shape)}`);
  }
  const mode = options.mode ?? 'bilinear';
  const padding = options.paddingMode ?? 'zeros';
  if (mode !== 'bilinear' && mode !== 'nearest') throw new ValueError(`${op}: 'mode' must be 'bilinear' or 'nearest', got ${JSON.stringify(mode)}`);
  if (padding !== 'zeros' && padding !== 'border') throw new ValueError(`${op}: 'paddingMode' must be 'zeros' or 'border', got ${JSON.stringify(padding)}`);
  if (x.shape[2] === 0 || x.shape[3] === 0) throw new ShapeError(`${op}: cannot sample an empty image ${fmtShape(x.shape)}`);
  const attrs: GridSampleAttrs = { mode, padding, alignCorners: options.alignCorners ?? false };
  return hasFused(x, ['gridSample']) ? gridSampleFused(x, grid, attrs) : gridSampleComposed(x, grid, attrs);
}
