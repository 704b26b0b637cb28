import type { GridSampleAttrs, TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';

const ptrOf = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;

/**
 * Grid sampling as PyTorch's grid_sample: x [N, C, H, W] read at grid
 * [N, OH, OW, 2] (x, y in [-1, 1]) → out [N, C, OH, OW]; bilinear or nearest
 * (half to even), zeros or border padding, alignCorners as PyTorch.
 *
 * @example
 * ```ts
 * gridSample(rt, x, grid, out, { mode: 'bilinear', padding: 'zeros', alignCorners: false });
 * ```
 */
export function gridSample(rt: WasmRuntime, x: TensorInfo, grid: TensorInfo, out: TensorInfo, attrs: GridSampleAttrs): void {
  const [n, c, h, w] = x.shape;
  const [, oh, ow] = grid.shape;
  const args = [ptrOf(x), ptrOf(grid), ptrOf(out), n, c, h, w, oh, ow, attrs.mode === 'nearest' ? 1 : 0, attrs.padding === 'border' ? 1 : 0, attrs.alignCorners ? 1 : 0];
  launch(rt, 'gridSample', args, n * oh * ow * c * 4);
}
