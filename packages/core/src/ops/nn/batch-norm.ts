import { ShapeError, ValueError } from '../../errors.js';
import { apply } from '../../engine/apply.js';
import { noGrad, tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, sub } from '../binary.js';
import { checkTensor } from '../check.js';
import { mean, sum, variance } from '../reduce.js';
import { reshape } from '../reshape.js';
import { neg, rsqrt, square } from '../unary.js';
import { expectFloat, expectSameDType } from './geometry.js';
import { hasFused, hostConstant } from './host-constant.js';

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Per-channel scale γ [C] (default 1). */
  weight?: Tensor | null;
  /** Per-channel shift β [C] (default 0). */
  bias?: Tensor | null;
  /** Normalize with the batch's statistics (true) or the running ones (false, the default). */
  training?: boolean;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/** Options of `batchNormRunningStats`. */
export interface RunningStatsOptions {
  /** Weight of the new batch: `running = (1 - momentum) running + momentum batch` (default 0.1). */
  momentum?: number;
}

function checkChannelVector(op: string, name: string, t: Tensor | null | undefined, c: number, x: Tensor): void {
  if (!t) return;
  checkTensor(op, t, name);
  expectFloat(op, name, t);
  expectSameDType(op, [['x', x], [name, t]]);
  if (t.rank !== 1 || t.shape[0] !== c) throw new ShapeError(`${op}: '${name}' must have shape [${c}] (one per channel), got ${fmtShape(t.shape)}`);
}

function checkInput(op: string, x: Tensor): number[] {
  checkTensor(op, x, 'x');
  expectFloat(op, 'x', x);
  if (x.rank < 2) throw new ShapeError(`${op}: 'x' must be [N, C, ...] (rank >= 2), got ${fmtShape(x.shape)}`);
  return x.shape.map((_, i) => i).filter((i) => i !== 1);
}

/** Shape [C, 1, 1, ...] broadcasting along the channel axis of a rank-`rank` tensor. */
function channelShape(c: number, rank: number): number[] {
  return [c, ...new Array<number>(rank - 2).fill(1)];
}

/**
 * The fused normalization `(x - mean) / sqrt(var + eps) · γ + β` with its
 * gradient to all five inputs written in core ops; when mean and var were
 * computed from x, autograd carries their gradients on to x.
 */
function batchNormFused(x: Tensor, m: Tensor, v: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const cs = channelShape(x.shape[1], x.rank);
  return apply({
    op: 'batchNorm',
    inputs: [x, m, v, gamma, beta],
    shape: x.shape,
    dtype: x.dtype,
    kernel: (k, [xi, mi, vi, gi, bi], out) => k.batchNorm!(xi, mi, vi, gi, bi, out, eps),
    backward: (dy, [xs, ms, vs, gs, bs]) => {
      const rstd = rsqrt(add(vs, eps));
      const centered = sub(xs, reshape(ms, cs));
      const dyGamma = mul(dy, reshape(gs, cs));
      const dx = mul(dyGamma, reshape(rstd, cs));
      return [
        xs.requiresGrad ? dx : null,
        ms.requiresGrad ? neg(sum(dx, axes)) : null,
        // d/dvar (var + eps)^-1/2 = -1/2 rstd³
        vs.requiresGrad ? mul(sum(mul(dyGamma, centered), axes), mul(mul(rstd, square(rstd)), -0.5)) : null,
        gs.requiresGrad ? sum(mul(dy, mul(centered, reshape(rstd, cs))), axes) : null,
        bs.requiresGrad ? sum(dy, axes) : null,
      ];
    },
  });
}

/**
 * Batch normalization of x [N, C, ...] per channel. In training the batch's
 * mean and biased variance normalize (and gradients flow through them);
 * otherwise `runningMean`/`runningVar` do. The running statistics are not
 * changed (tensors are immutable): a layer gets the updated ones from
 * `batchNormRunningStats` and swaps its buffers.
 *
 * @example
 * ```ts
 * const y = batchNorm(x, runningMean, runningVar, { weight: gamma, bias: beta, training: true });
 * const next = batchNormRunningStats(x, runningMean, runningVar, { momentum: 0.1 });
 * ```
 */
export function batchNorm(x: Tensor, runningMean?: Tensor | null, runningVar?: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  const axes = checkInput(op, x);
  const c = x.shape[1];
  const training = options.training ?? false;
  const eps = options.eps ?? 1e-5;
  if (typeof eps !== 'number' || !(eps >= 0)) throw new ValueError(`${op}: 'eps' must be a non-negative number, got ${JSON.stringify(eps)}`);
  checkChannelVector(op, 'runningMean', runningMean, c, x);
  checkChannelVector(op, 'runningVar', runningVar, c, x);
  checkChannelVector(op, 'weight', options.weight, c, x);
  checkChannelVector(op, 'bias', options.bias, c, x);
  if (!training && (!runningMean || !runningVar)) {
    throw new ValueError(`${op}: evaluation mode (training = false) needs 'runningMean' and 'runningVar'`);
  }
  if (training && x.size / Math.max(c, 1) <= 1) {
    throw new ValueError(`${op}: training needs more than one value per channel, got x ${fmtShape(x.shape)}`);
  }
  return tidy(() => {
    const m = training ? mean(x, axes) : runningMean!;
    const v = training ? variance(x, axes, { unbiased: false }) : runningVar!;
    if (hasFused(x, ['batchNorm'])) {
      const b = x.backendImpl;
      const gamma = options.weight ?? hostConstant(b, new Float32Array(c).fill(1), [c], x.dtype);
      const beta = options.bias ?? hostConstant(b, new Float32Array(c), [c], x.dtype);
      return batchNormFused(x, m, v, gamma, beta, eps);
    }
    const cs = channelShape(c, x.rank);
    let y = mul(sub(x, reshape(m, cs)), reshape(rsqrt(add(v, eps)), cs));
    if (options.weight) y = mul(y, reshape(options.weight, cs));
    if (options.bias) y = add(y, reshape(options.bias, cs));
    return y;
  });
}

/**
 * The running statistics after one training batch, by PyTorch's rule:
 * `(1 - momentum) · running + momentum · batch`, with the batch's unbiased
 * variance. No gradients are recorded.
 *
 * @example
 * ```ts
 * const { runningMean, runningVar } = batchNormRunningStats(x, this.runningMean, this.runningVar);
 * ```
 */
export function batchNormRunningStats(x: Tensor, runningMean: Tensor, runningVar: Tensor, options: RunningStatsOptions = {}): { runningMean: Tensor; runningVar: Tensor } {
  const op = 'batchNormRunningStats';
  const axes = checkInput(op, x);
  const c = x.shape[1];
  checkTensor(op, runningMean, 'runningMean');
  checkTensor(op, runningVar, 'runningVar');
  checkChannelVector(op, 'runningMean', runningMean, c, x);
  checkChannelVector(op, 'runningVar', runningVar, c, x);
  const momentum = options.momentum ?? 0.1;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new ValueError(`${op}: 'momentum' must be in [0, 1], got ${JSON.stringify(momentum)}`);
  }
  if (x.size / Math.max(c, 1) <= 1) throw new ValueError(`${op}: needs more than one value per channel, got x ${fmtShape(x.shape)}`);
  return noGrad(() =>
    tidy(() => ({
      runningMean: add(mul(runningMean, 1 - momentum), mul(mean(x, axes), momentum)),
      runningVar: add(mul(runningVar, 1 - momentum), mul(variance(x, axes), momentum)),
    })),
  );
}
