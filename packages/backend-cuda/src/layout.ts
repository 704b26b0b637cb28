// Strided iteration spaces for the kernels: per-operand strides (0 where an
// operand repeats, negative for reversed slices), with size-1 dims dropped
// and contiguous neighbours merged so kernels index as few dims as possible.
import { BackendError, stridesOf } from '@dendrite/core';

/** The most dims native kernels index (kMaxRank in native/common.h). */
export const MAX_RANK = 8;

/**
 * An iteration shape and, per operand, the element stride of each of its dims.
 *
 * @example
 * ```ts
 * const l: StridedLayout = { shape: [2, 3], strides: [[3, 1], [0, 1]] };
 * ```
 */
export interface StridedLayout {
  shape: number[];
  strides: number[][];
}

/**
 * Strides for reading an input of `inShape` broadcast to `outShape`
 * (NumPy rules: missing leading dims and size-1 dims repeat, stride 0).
 *
 * @example
 * ```ts
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 * ```
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const lead = outShape.length - inShape.length;
  const own = stridesOf(inShape);
  return outShape.map((_, d) => (d < lead || inShape[d - lead] === 1 ? 0 : own[d - lead]));
}

/**
 * Drops size-1 dims and merges dims d, d+1 wherever every operand steps
 * through them as one (stride[d] = stride[d+1]·shape[d+1]). The result
 * visits the same elements in the same order.
 *
 * @example
 * ```ts
 * coalesce({ shape: [2, 3, 4], strides: [[12, 4, 1], [0, 0, 1]] });
 * // { shape: [6, 4], strides: [[4, 1], [0, 1]] }
 * ```
 */
export function coalesce(layout: StridedLayout, op = 'layout'): StridedLayout {
  const keep = layout.shape.map((_, d) => d).filter((d) => layout.shape[d] !== 1);
  const shape: number[] = [];
  const strides: number[][] = layout.strides.map(() => []);
  for (const d of keep) {
    const last = shape.length - 1;
    const mergeable = last >= 0 && layout.strides.every((s, o) => strides[o][last] === s[d] * layout.shape[d]);
    if (mergeable) {
      shape[last] *= layout.shape[d];
      layout.strides.forEach((s, o) => {
        strides[o][last] = s[d];
      });
    } else {
      shape.push(layout.shape[d]);
      layout.strides.forEach((s, o) => strides[o].push(s[d]));
    }
  }
  if (shape.length > MAX_RANK) {
    throw new BackendError(`cuda ${op}: the iteration space [${layout.shape.join(', ')}] needs ${shape.length} strided dims after merging; the CUDA kernels index at most ${MAX_RANK}`);
  }
  return { shape, strides };
}
