// The generic path: one batch of examples as tensor ops on the active
// backend. Gathers the rows, differentiates the loss with autograd, and
// applies the SGD update with scatterAdd (rows repeated in a batch add up).
import { broadcastTo, detach, div, embedding, gradients, mul, neg, noGrad, reshape, scatterAdd, sum, type Tensor, tensor, tidy, unsqueeze } from '@dendrite/core';
import type { ExampleBatch } from './examples.js';
import { negativeSamplingTerms } from './loss.js';

/**
 * Applies examples [from, to) of `batch` to the tables; returns the new
 * tables (the old ones are disposed) and, when `withLoss`, the summed
 * unweighted loss of the chunk before its update (a scalar tensor).
 *
 * @example
 * ```ts
 * [wIn, wOut] = tensorStep(wIn, wOut, batch, 0, batch.count, false);
 * ```
 */
export function tensorStep(wIn: Tensor, wOut: Tensor, batch: ExampleBatch, from: number, to: number, withLoss: boolean): [Tensor, Tensor, Tensor | null] {
  const B = to - from;
  const W = batch.width;
  const T = batch.negative + 1;
  const D = wIn.shape[1];
  const ids = new Int32Array(B * W);
  const mask = new Float32Array(B * W);
  const counts = new Float32Array(B);
  const labels = new Float32Array(B * T);
  for (let e = 0; e < B; e++) {
    for (let c = 0; c < W; c++) {
      const w = batch.inputs[(from + e) * W + c];
      if (w >= 0) {
        ids[e * W + c] = w;
        mask[e * W + c] = 1;
        counts[e]++;
      }
    }
    if (counts[e] === 0) counts[e] = 1;
    labels[e * T] = 1;
  }
  const next = tidy(() => {
    const inIdx = tensor(ids, [B, W], 'int32');
    const m = tensor(mask, [B, W, 1]);
    const outIdx = tensor(batch.targets.subarray(from * T, to * T), [B, T], 'int32');
    const lr = tensor(batch.lr.subarray(from, to), [B, 1]);
    const h0 = noGrad(() => div(sum(mul(embedding(inIdx, wIn), m), 1), tensor(counts, [B, 1])));
    const h = detach(h0);
    h.requiresGrad = true;
    const u = detach(noGrad(() => embedding(outIdx, wOut)));
    u.requiresGrad = true;
    const terms = negativeSamplingTerms(h, u, tensor(labels, [B, T]));
    const loss = sum(mul(terms, lr));
    const [gh, gu] = gradients(loss, [h, u]) as [Tensor, Tensor];
    return noGrad(() => {
      const outRows = broadcastTo(reshape(outIdx, [B * T, 1]), [B * T, D]);
      const newOut = scatterAdd(wOut, 0, outRows, neg(reshape(gu, [B * T, D])));
      // Every input row gets the whole error (word2vec.c / gensim convention for CBOW).
      const inRows = broadcastTo(reshape(inIdx, [B * W, 1]), [B * W, D]);
      const err = reshape(mul(neg(broadcastTo(unsqueeze(gh, 1), [B, W, D])), m), [B * W, D]);
      const newIn = scatterAdd(wIn, 0, inRows, err);
      return [newIn, newOut, withLoss ? sum(terms) : null] as [Tensor, Tensor, Tensor | null];
    });
  });
  wIn.dispose();
  wOut.dispose();
  return next;
}
