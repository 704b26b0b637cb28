// Padding with a constant, by reflection, or by replicating the edge.
// Constant padding runs the pad kernel; reflect and replicate gather along
// each padded axis with a host-built index map, so their gradients (sums of
// the reflected/replicated cells back into x) come from gather's adjoint.
import { ShapeError, ValueError } from '../errors.js';
import { tidy } from '../engine/scope.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { gatherKernelOp } from './gather-scatter-kernels.js';
import { indexTensorOn } from './indexing-host.js';
import { reshape } from './reshape.js';
import { constantPadOp } from './strided-slice.js';

/**
 * How `pad` fills the new cells.
 *
 * @example
 * ```ts
 * const mode: PadMode = 'reflect';
 * pad(x, [[0, 0], [1, 1]], { mode });
 * ```
 */
export type PadMode = 'constant' | 'reflect' | 'replicate';

/**
 * Options of `pad`.
 *
 * @example
 * ```ts
 * pad(tensor([1, 2]), [[1, 1]], { mode: 'constant', value: -1 }); // [-1, 1, 2, -1]
 * ```
 */
export interface PadOptions {
  /** 'constant' (default) fills with `value`; 'reflect' mirrors without repeating the edge; 'replicate' repeats the edge. */
  mode?: PadMode;
  /** The fill value of 'constant' mode (default 0). */
  value?: number;
}

/**
 * Pads `x`. `pads` lists one `[before, after]` pair per dimension, FROM THE
 * FIRST DIMENSION, and must cover every dimension (unlike PyTorch's F.pad,
 * which lists pairs from the last dimension). The third argument is the
 * constant fill value or `{ mode, value }`. 'reflect' needs each pad smaller
 * than its dimension, 'replicate' a non-empty dimension.
 *
 * @example
 * ```ts
 * pad(tensor([[1, 2]]), [[1, 0], [0, 1]]); // [[0, 0, 0], [1, 2, 0]]
 * pad(tensor([1, 2, 3]), [[2, 1]], { mode: 'reflect' }); // [3, 2, 1, 2, 3, 2]
 * pad(tensor([1, 2, 3]), [[2, 1]], { mode: 'replicate' }); // [1, 1, 1, 2, 3, 3]
 * ```
 */
export function pad(x: Tensor, pads: readonly (readonly [number, number])[], valueOrOptions: number | PadOptions = 0): Tensor {
  checkTensor('pad', x, 'x');
  const options = typeof valueOrOptions === 'number' ? { value: valueOrOptions } : valueOrOptions;
  if (typeof options !== 'object' || options === null) throw new ValueError(`pad: the third argument must be a number or { mode, value }, got ${JSON.stringify(valueOrOptions)}`);
  const mode = options.mode ?? 'constant';
  const value = options.value ?? 0;
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'replicate') {
    throw new ValueError(`pad: 'mode' must be 'constant', 'reflect' or 'replicate', got ${JSON.stringify(mode)}`);
  }
  if (typeof value !== 'number') throw new ValueError(`pad: 'value' must be a number, got ${JSON.stringify(value)}`);
  if (!Array.isArray(pads) || pads.length !== x.rank) {
    throw new ShapeError(`pad: argument 'pads' must list ${x.rank} [before, after] pairs (one per dimension, from the first) for x ${fmtShape(x.shape)}, got ${JSON.stringify(pads)}`);
  }
  pads.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new ValueError(`pad: pads[${i}] must be a [before, after] pair of non-negative integers, got ${JSON.stringify(p)}`);
    }
  });
  const before = pads.map((p) => p[0]);
  const after = pads.map((p) => p[1]);
  if (before.every((v) => v === 0) && after.every((v) => v === 0)) return reshape(x, x.shape);
  if (mode === 'constant') return constantPadOp(x, before, after, value);
  pads.forEach(([b, a], i) => checkEdgePad(mode, x.shape, i, b, a));
  return tidy(() => {
    let y = x;
    pads.forEach(([b, a], axis) => {
      if (b === 0 && a === 0) return;
      const map = edgeIndexMap(mode, x.shape[axis], b, a);
      y = gatherKernelOp(y, indexTensorOn(x.backendImpl, map, [map.length]), axis);
    });
    return y;
  });
}

function checkEdgePad(mode: PadMode, shape: readonly number[], axis: number, b: number, a: number): void {
  const n = shape[axis];
  if (mode === 'reflect' && (b >= n || a >= n)) {
    throw new ShapeError(`pad: 'reflect' padding [${b}, ${a}] of dimension ${axis} must be smaller than its size ${n} (x ${fmtShape(shape)})`);
  }
  if (mode === 'replicate' && n === 0) {
    throw new ShapeError(`pad: 'replicate' cannot pad dimension ${axis} of size 0 (x ${fmtShape(shape)})`);
  }
}

/** Source index of each output position along one axis. */
function edgeIndexMap(mode: PadMode, n: number, b: number, a: number): Int32Array {
  const map = new Int32Array(b + n + a);
  for (let j = 0; j < map.length; j++) {
    const i = j - b;
    if (mode === 'replicate') map[j] = Math.min(Math.max(i, 0), n - 1);
    else map[j] = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
  }
  return map;
}
