import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { detach } from '../../autograd/detach.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ne, where } from '../binary.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { expectFloat } from './geometry.js';
import { gather } from './movement.js';

/** Options of `embedding`. */
export interface EmbeddingOptions {
  /** Rows looked up at this index get no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

function checkIndices(op: string, indices: Tensor, rows: number): void {
  if (indices.dtype !== 'int32') throw new DTypeError(`${op}: 'indices' must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}`);
  if (!indices.backendImpl.capabilities.syncRead) return;
  const data = indices.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= rows) throw new ValueError(`${op}: index ${data[i]} at flat position ${i} is out of range [0, ${rows}) for weight with ${rows} rows`);
  }
}

/**
 * Looks up rows of `weight` `[V, D]`: the result is `indices.shape + [D]`. The
 * weight's gradient is the scatter-add of the output gradient (zero for
 * the row at `paddingIdx`).
 *
 * @example
 * ```ts
 * const vectors = embedding(tokenIds, table);                  // [B, T] → [B, T, D]
 * embedding(tokenIds, table, { paddingIdx: 0 });
 * ```
 */
export function embedding(indices: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  checkTensor(op, indices, 'indices');
  checkTensor(op, weight, 'weight');
  expectFloat(op, 'weight', weight);
  if (weight.rank !== 2) throw new ShapeError(`${op}: 'weight' must be [V, D], got ${fmtShape(weight.shape)}`);
  const rows = weight.shape[0];
  checkIndices(op, indices, rows);
  let pad = options.paddingIdx ?? null;
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -rows || pad >= rows) throw new ValueError(`${op}: 'paddingIdx' must be an integer in [${-rows}, ${rows}), got ${pad}`);
    if (pad < 0) pad += rows;
  }
  return tidy(() => {
    const rowsOut = gather(weight, indices, 0);
    if (pad === null) return rowsOut;
    // Same values either way; only the non-padding branch carries gradient.
    const live = reshape(ne(indices, pad), [...indices.shape, 1]);
    return where(live, rowsOut, detach(rowsOut));
  });
}
