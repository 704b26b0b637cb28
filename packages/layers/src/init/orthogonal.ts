// Orthogonal initialization (Saxe et al.): the Q of a QR decomposition of a
// Gaussian matrix, computed on the host in float64 (weights are small and
// this runs once), so every backend gets the same values for a seed.
import { cast, defaultGenerator, fmtShape, ShapeError, tensor, tidy } from '@dendrite/core';
import type { TensorHolder } from '../module/parameter.js';
import type { InitOptions } from './initializers.js';

/** Orthonormal columns of a tall m×n matrix (m >= n, row-major) by modified Gram-Schmidt, with R's diagonal made positive. */
function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
      for (let i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) q[i * n + j] /= norm;
  }
  return q;
}

/**
 * A (semi-)orthogonal matrix times `gain`: rows (or columns, whichever are
 * fewer) are orthonormal. Weights of rank > 2 are flattened to [out, rest].
 *
 * @example
 * ```ts
 * init.orthogonal(lstm.weight_hh_l0, { gain: 1 });
 * ```
 */
export function orthogonal(target: TensorHolder, options: InitOptions & { gain?: number } = {}): TensorHolder {
  const shape = target.shape;
  if (shape.length < 2) throw new ShapeError(`init.orthogonal: needs a weight with at least 2 dims, got ${fmtShape(shape)}`);
  const rows = shape[0];
  const cols = target.size / rows;
  const g = options.generator ?? defaultGenerator;
  const gain = options.gain ?? 1;
  // Work on the tall orientation, then transpose back if needed.
  const [m, n] = rows >= cols ? [rows, cols] : [cols, rows];
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = g.normal();
  const q = orthonormalColumns(a, m, n);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows >= cols ? q[r * n + c] : q[c * n + r]);
  }
  target.assign(target.dtype === 'float32' ? tensor(out, shape) : tidy(() => cast(tensor(out, shape), target.dtype)));
  return target;
}
