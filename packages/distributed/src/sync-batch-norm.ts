// Synchronized BatchNorm: in training, each BatchNorm layer normalizes with
// the mean and variance of the whole global batch (all ranks' samples), as
// one process with the N·B batch would. Per channel, the ranks all-reduce
// [Σx, Σx², count]; the adjoint of an all-reduce sum is an all-reduce sum,
// so backward all-reduces the gradients of those sums, and every rank's input
// gradient includes the other ranks' losses' dependence on its samples.
import { add, type BackwardFn, concat, div, fmtShape, full, mul, noGrad, record, reshape, rsqrt, ShapeError, square, sub, sum, type Tensor } from '@dendrite/core';
import { type AnyModule, BatchNorm1d, BatchNorm2d } from '@dendrite/layers';
import type { ProcessGroup } from './process-group.js';
import { fromHost } from './staging.js';

/** Σ over ranks of a float32 tensor, blocking; differentiable (its gradient is the Σ over ranks of the incoming gradient). */
export function allReduceSumSync(t: Tensor, group: ProcessGroup): Tensor {
  const data = Float32Array.from(t.dataSync());
  group.allReduceHostSync(data, 'sum');
  const out = fromHost(t, data, t.shape);
  const backward: BackwardFn = (dy) => [allReduceSumSync(dy, group)];
  record(out, 'allReduceSum', [t], backward, []);
  return out;
}

type BN = BatchNorm1d | BatchNorm2d;

/** A BatchNorm forward over the global batch (training mode only). */
function syncForward(bn: BN, x: Tensor, group: ProcessGroup): Tensor {
  const C = bn.numFeatures;
  if (x.rank < 2 || x.shape[1] !== C) throw new ShapeError(`SyncBatchNorm: input must be [N, ${C}, ...], got ${fmtShape(x.shape)}`);
  const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
  const local = concat([reshape(sum(x, axes), [1, C]), reshape(sum(square(x), axes), [1, C]), full([1, C], x.size / C)], 0);
  const global = allReduceSumSync(local, group);
  const [s, q, m] = [0, 1, 2].map((row) => reshape(global.slice([row, 0], [1, C]), [C]));
  const mean = div(s, m);
  // Biased variance of the global batch; E[x²] − E[x]² in float32 (fine for activations of moderate mean).
  const variance = sub(div(q, m), square(mean));
  const bshape = [1, C, ...Array.from({ length: x.rank - 2 }, () => 1)];
  let y = mul(sub(x, reshape(mean, bshape)), reshape(rsqrt(add(variance, bn.eps)), bshape));
  if (bn.weight) y = mul(y, reshape(bn.weight.value, bshape));
  if (bn.bias) y = add(y, reshape(bn.bias.value, bshape));
  const rm = bn.runningMean;
  const rv = bn.runningVar;
  if (rm && rv) {
    noGrad(() => {
      const count = m.dataSync()[0];
      const k = bn.momentum;
      rm.assign(add(mul(rm.value, 1 - k), mul(mean, k)));
      // Running variance is unbiased, as PyTorch's.
      rv.assign(add(mul(rv.value, 1 - k), mul(variance, (k * count) / Math.max(count - 1, 1))));
      const tracked = (bn as unknown as Record<string, { value: Tensor; assign(t: Tensor): void } | null>).num_batches_tracked;
      tracked?.assign(add(tracked.value, 1));
    });
  }
  return y;
}

/**
 * Makes every BatchNorm1d/2d of `module` normalize over all ranks' samples
 * while training (eval mode keeps the running statistics). Returns a
 * function that restores the layers.
 *
 * @example
 * ```ts
 * const restore = convertSyncBatchNorm(model, group);
 * // ... train ...
 * restore();
 * ```
 */
export function convertSyncBatchNorm(module: AnyModule, group: ProcessGroup): () => void {
  const patched: [BN, BN['forward']][] = [];
  for (const m of module.modules()) {
    if (!(m instanceof BatchNorm1d || m instanceof BatchNorm2d)) continue;
    const original = m.forward;
    patched.push([m, original]);
    Object.defineProperty(m, 'forward', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: (x: Tensor) => (m.training ? syncForward(m, x, group) : original.call(m, x)),
    });
  }
  return () => {
    for (const [m] of patched) delete (m as unknown as Record<string, unknown>).forward;
  };
}
