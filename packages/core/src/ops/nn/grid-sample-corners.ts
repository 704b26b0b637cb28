// The neighbours a grid sample reads and their weights, built with core ops
// from the grid, so they serve both the composed forward pass and the
// gradient of the fused kernel.
import type { GridSampleAttrs } from '../../backend/contract.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, ge, le, logicalAnd, lt, mul, sub } from '../binary.js';
import { broadcastTo } from '../broadcast.js';
import { cast } from '../cast.js';
import { reshape } from '../reshape.js';
import { clamp, floor, round } from '../unary.js';
import { slice } from './movement.js';

/** One neighbour: where it is and how much it counts. */
export interface Corner {
  /** Flat index into H·W, clamped in range, broadcast to [N, C, P]. */
  index: Tensor;
  /** 1 where the neighbour lies inside the image, else 0: [N, 1, P]. */
  inside: Tensor;
  /** Horizontal and vertical interpolation factors [N, 1, P] (the number 1 for nearest). */
  wx: Tensor | number;
  wy: Tensor | number;
  /** Sign of d wx / d ix and d wy / d iy (bilinear: -1 for the low neighbour, +1 for the high). */
  sx: number;
  sy: number;
}

/** The neighbours plus d(pixel coordinate)/d(grid coordinate) per point, zero where border padding clamped. */
export interface Sampling {
  corners: Corner[];
  dix: Tensor | number;
  diy: Tensor | number;
}

/** Pixel coordinate of a normalized one: `g·a + (size - 1)/2` with a = (size-1)/2 (alignCorners) or size/2. */
function unnormalize(g: Tensor, size: number, alignCorners: boolean): { coord: Tensor; scale: number } {
  const scale = alignCorners ? (size - 1) / 2 : size / 2;
  return { coord: add(mul(g, scale), (size - 1) / 2), scale };
}

function insideRange(coord: Tensor, size: number): Tensor {
  return logicalAnd(ge(coord, 0), le(coord, size - 1));
}

/**
 * The sampling structure of `grid` [N, OH, OW, 2] over an image of `h`×`w`
 * pixels and `c` channels (P = OH·OW points).
 *
 * @example
 * ```ts
 * const { corners } = sampleCorners(grid, c, h, w, { mode: 'bilinear', padding: 'zeros', alignCorners: false });
 * ```
 */
export function sampleCorners(grid: Tensor, c: number, h: number, w: number, attrs: GridSampleAttrs): Sampling {
  const [n, oh, ow] = grid.shape;
  const p = oh * ow;
  const component = (i: number) => reshape(slice(grid, [0, 0, 0, i], [n, oh, ow, 1]), [n, 1, p]);
  const ux = unnormalize(component(0), w, attrs.alignCorners);
  const uy = unnormalize(component(1), h, attrs.alignCorners);
  let ix = ux.coord;
  let iy = uy.coord;
  let dix: Tensor | number = ux.scale;
  let diy: Tensor | number = uy.scale;
  if (attrs.padding === 'border') {
    dix = mul(cast(insideRange(ix, w), grid.dtype), ux.scale);
    diy = mul(cast(insideRange(iy, h), grid.dtype), uy.scale);
    ix = clamp(ix, 0, w - 1);
    iy = clamp(iy, 0, h - 1);
  }
  const corner = (cx: Tensor, cy: Tensor, wx: Tensor | number, wy: Tensor | number, sx: number, sy: number): Corner => {
    const inside = cast(logicalAnd(logicalAnd(ge(cx, 0), lt(cx, w)), logicalAnd(ge(cy, 0), lt(cy, h))), grid.dtype);
    const flat = add(mul(clamp(cy, 0, h - 1), w), clamp(cx, 0, w - 1));
    return { index: broadcastTo(cast(flat, 'int32'), [n, c, p]), inside, wx, wy, sx, sy };
  };
  if (attrs.mode === 'nearest') {
    // round is half-to-even, as PyTorch's nearbyint.
    return { corners: [corner(round(ix), round(iy), 1, 1, 0, 0)], dix, diy };
  }
  const x0 = floor(ix);
  const y0 = floor(iy);
  const tx = sub(ix, x0);
  const ty = sub(iy, y0);
  const x1 = add(x0, 1);
  const y1 = add(y0, 1);
  const rx = sub(1, tx);
  const ry = sub(1, ty);
  return {
    corners: [corner(x0, y0, rx, ry, -1, -1), corner(x1, y0, tx, ry, 1, -1), corner(x0, y1, rx, ty, -1, 1), corner(x1, y1, tx, ty, 1, 1)],
    dix,
    diy,
  };
}
