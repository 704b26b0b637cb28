// The fast path: one pass of plain loops over Float32Arrays per example, the
// same math as the tensor path (`step-tensor.ts`) at batch size 1. Kept free
// of imports and closures so it can also run inside a worker.

/**
 * Trains on examples [from, to) of a batch, updating `wIn`/`wOut` in place;
 * returns the summed negative-sampling loss when `withLoss` (else 0).
 * Per example: h = mean of the input rows; for each target t with label y
 * (1 for the first, 0 for the negatives) g_t = lr·(y − σ(h·u_t)); then
 * u_t += g_t·h and every input row += Σ g_t·u_t (old u_t; word2vec.c and
 * gensim add this un-divided error to each CBOW context row too).
 *
 * @example
 * ```ts
 * hostStep(wIn, wOut, dim, batch.inputs, batch.width, batch.targets, 6, batch.lr, 0, batch.count, false, scratch);
 * ```
 */
export function hostStep(
  wIn: Float32Array,
  wOut: Float32Array,
  dim: number,
  inputs: Int32Array,
  width: number,
  targets: Int32Array,
  nt: number,
  lrs: Float32Array,
  from: number,
  to: number,
  withLoss: boolean,
  scratch: Float32Array,
): number {
  // scratch: h [dim], err [dim], g [nt]
  let loss = 0;
  for (let e = from; e < to; e++) {
    const lr = lrs[e];
    const ib = e * width;
    let count = 0;
    for (let d = 0; d < dim; d++) scratch[d] = 0;
    for (let c = 0; c < width; c++) {
      const w = inputs[ib + c];
      if (w < 0) continue;
      count++;
      const o = w * dim;
      for (let d = 0; d < dim; d++) scratch[d] += wIn[o + d];
    }
    if (count === 0) continue;
    if (count > 1) for (let d = 0; d < dim; d++) scratch[d] /= count;
    for (let d = 0; d < dim; d++) scratch[dim + d] = 0;
    const tb = e * nt;
    for (let k = 0; k < nt; k++) {
      const o = targets[tb + k] * dim;
      let f = 0;
      for (let d = 0; d < dim; d++) f += scratch[d] * wOut[o + d];
      const label = k === 0 ? 1 : 0;
      const sig = 1 / (1 + Math.exp(-f));
      if (withLoss) loss += k === 0 ? -Math.log(sig + 1e-30) : -Math.log(1 - sig + 1e-30);
      const g = lr * (label - sig);
      scratch[2 * dim + k] = g;
      for (let d = 0; d < dim; d++) scratch[dim + d] += g * wOut[o + d];
    }
    for (let k = 0; k < nt; k++) {
      const o = targets[tb + k] * dim;
      const g = scratch[2 * dim + k];
      for (let d = 0; d < dim; d++) wOut[o + d] += g * scratch[d];
    }
    for (let c = 0; c < width; c++) {
      const w = inputs[ib + c];
      if (w < 0) continue;
      const o = w * dim;
      for (let d = 0; d < dim; d++) wIn[o + d] += scratch[dim + d];
    }
  }
  return loss;
}
