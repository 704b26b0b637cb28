// Resampling that acts on rows and columns independently (bilinear
// interpolation, adaptive average pooling) is exactly `Mh @ x @ Mwᵀ` for
// host-built matrices: two matmuls, differentiable for free.
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { matmul } from '../matmul.js';
import { hostConstant } from './host-constant.js';

/** A dense [rows, cols] matrix built on the host, row-major. */
export interface HostMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/**
 * `Mh [OH, H] @ x [N, C, H, W] @ Mwᵀ [W, OW]` → [N, C, OH, OW].
 *
 * @example
 * ```ts
 * const y = applySeparable(x, rowMatrix, colMatrix);
 * ```
 */
export function applySeparable(x: Tensor, mh: HostMatrix, mw: HostMatrix): Tensor {
  return tidy(() => {
    const b = x.backendImpl;
    const rows = hostConstant(b, mh.data, [mh.rows, mh.cols], x.dtype);
    const cols = hostConstant(b, mw.data, [mw.rows, mw.cols], x.dtype);
    return matmul(matmul(rows, x), cols, { transB: true });
  });
}

/**
 * PyTorch's adaptive pooling bins as an averaging matrix [out, size]: bin i
 * covers [floor(i·size/out), ceil((i+1)·size/out)).
 *
 * @example
 * ```ts
 * adaptiveAverageMatrix(5, 3); // bins [0,2), [1,4), [3,5)
 * ```
 */
export function adaptiveAverageMatrix(size: number, out: number): HostMatrix {
  const data = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) data[i * size + j] = 1 / (end - start);
  }
  return { rows: out, cols: size, data };
}

/**
 * PyTorch's source coordinate of output cell `dst` for linear resampling
 * (`area_pixel_compute_source_index`).
 *
 * @example
 * ```ts
 * linearSource(0, 4, 8, false); // -0.25 clamped to 0
 * ```
 */
export function linearSource(dst: number, size: number, out: number, alignCorners: boolean, scaleFactor?: number): number {
  if (alignCorners) return out > 1 ? (dst * (size - 1)) / (out - 1) : 0;
  const scale = scaleFactor !== undefined && scaleFactor > 0 ? 1 / scaleFactor : size / out;
  return Math.max((dst + 0.5) * scale - 0.5, 0);
}

/**
 * The linear-interpolation matrix [out, size]: row `dst` mixes the two
 * source cells around `linearSource(dst)`.
 *
 * @example
 * ```ts
 * linearMatrix(4, 8, true);
 * ```
 */
export function linearMatrix(size: number, out: number, alignCorners: boolean, scaleFactor?: number): HostMatrix {
  const data = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const src = linearSource(i, size, out, alignCorners, scaleFactor);
    const i0 = Math.min(Math.floor(src), size - 1);
    const i1 = Math.min(i0 + 1, size - 1);
    const frac = src - i0;
    data[i * size + i0] += 1 - frac;
    data[i * size + i1] += frac;
  }
  return { rows: out, cols: size, data };
}
