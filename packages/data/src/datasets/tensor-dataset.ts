import { fmtShape, indexSelect, ShapeError, Tensor, tensor, tidy, ValueError } from '@dendrite/core';
import { checkIndex, type Dataset } from './dataset.js';

/**
 * A dataset over tensors sharing their first dimension, as
 * `torch.utils.data.TensorDataset`: item `i` is `[t0[i], t1[i], ...]`. It
 * batches with one `indexSelect` per tensor. The tensors stay owned by the
 * caller; items and batches are new tensors owned by whoever receives them.
 *
 * @example
 * ```ts
 * const ds = new TensorDataset(features, labels);
 * const [x, y] = ds.get(0); // x: features[0], y: labels[0]
 * ```
 */
export class TensorDataset implements Dataset<Tensor[], Tensor[]> {
  /** The tensors, sharing their first dimension. */
  readonly tensors: readonly Tensor[];
  /** The size of the first dimension. */
  readonly length: number;

  /**
   * A dataset whose item i is `[t[i] for t in tensors]`.
   * @param tensors - one or more tensors with the same first dimension
   */
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: needs at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ValueError(`TensorDataset: argument ${i} is not a Tensor`);
      if (t.rank === 0 || t.shape[0] !== tensors[0].shape[0]) {
        throw new ShapeError(`TensorDataset: tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(tensors[0].shape)}; all need the same first dimension`);
      }
    });
    this.tensors = tensors;
    this.length = tensors[0].shape[0];
  }

  /** Item `index`: row `index` of every tensor. */
  get(index: number): Tensor[] {
    checkIndex(index, this.length, 'TensorDataset.get');
    // The [1, ...] batch rows are intermediates of the tidy; the reshaped views share their storage.
    return tidy(() => this.getBatch(Int32Array.of(index)).map((t) => t.reshape(t.shape.slice(1))));
  }

  /** The rows at `indices` of every tensor, gathered in one op each. */
  getBatch(indices: Int32Array): Tensor[] {
    for (const i of indices) checkIndex(i, this.length, 'TensorDataset.getBatch');
    return tidy(() => {
      const idx = tensor(indices, [indices.length], 'int32');
      return this.tensors.map((t) => indexSelect(t, 0, idx));
    });
  }
}
