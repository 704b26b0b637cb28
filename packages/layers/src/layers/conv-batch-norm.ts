// Conv2d → BatchNorm2d (→ ReLU) as one convolution at inference. In eval
// mode the batch norm is a per-channel affine map with fixed statistics, so
// it folds into the convolution: w' = w·s, b' = β + (b − μ)·s with
// s = γ / √(σ² + ε). The folded copy is cached per batch norm and rebuilt when
// any of the six tensors changes (holders swap tensors, never mutate them, so
// their ids are a version); the modules' own parameters and state dicts are
// never touched. Training mode, any gradient being recorded, or a layer
// whose forward is wrapped (summary) runs the three layers as written.
import { add, type ConvActivation, conv2d, isGradEnabled, keep, mul, noGrad, relu, reshape, rsqrt, sub, type Tensor, tidy } from '@dendrite/core';
import type { BatchNorm2d } from './batch-norm.js';
import type { Conv2d } from './conv.js';

interface Fold {
  /** Ids of the tensors the fold was built from. */
  key: string;
  weight: Tensor;
  bias: Tensor;
}

const folds = new WeakMap<object, Fold>();

/** Frees the folded copy cached for `bn`, if any (Module.dispose, and training mode). */
export function releaseFold(bn: object): void {
  const f = folds.get(bn);
  if (!f) return;
  folds.delete(bn);
  f.weight.dispose();
  f.bias.dispose();
}

function foldKey(conv: Conv2d, bn: BatchNorm2d): string {
  return [conv.weight, conv.bias, bn.weight, bn.bias, bn.runningMean, bn.runningVar].map((h) => (h ? h.value.id : '-')).join(',');
}

function buildFold(conv: Conv2d, bn: BatchNorm2d): Fold {
  const c = conv.outChannels;
  const { weight, bias } = noGrad(() =>
    tidy(() => {
      const mean = bn.runningMean!.value;
      const inv = rsqrt(add(bn.runningVar!.value, bn.eps));
      const scale = bn.weight ? mul(bn.weight.value, inv) : inv;
      const shifted = conv.bias ? sub(conv.bias.value, mean) : mul(mean, -1);
      const b = mul(shifted, scale);
      return { weight: mul(conv.weight.value, reshape(scale, [c, 1, 1, 1])), bias: bn.bias ? add(b, bn.bias.value) : b };
    }),
  );
  return { key: foldKey(conv, bn), weight: keep(weight), bias: keep(bias) };
}

/** True when the folded path gives the same result as the layers: eval-mode statistics and no gradient to record. */
function canFold(conv: Conv2d, bn: BatchNorm2d, x: Tensor): boolean {
  if (bn.training || !bn.runningMean || !bn.runningVar || bn.numFeatures !== conv.outChannels) return false;
  // A forward wrapped on the instance (summary(), profilers, hooks) observes the layers: run them as written.
  if (Object.hasOwn(conv, 'forward') || Object.hasOwn(bn, 'forward')) return false;
  if (!isGradEnabled()) return true;
  const holders = [conv.weight, conv.bias, bn.weight, bn.bias];
  return !x.requiresGrad && holders.every((h) => !h?.value.requiresGrad);
}

/**
 * `activation(bn(conv(x)))`: in eval mode with no gradient recorded, one
 * convolution with the batch norm folded into its weights and bias, and the
 * ReLU applied in the same kernel where the backend can; otherwise the
 * three layers as written. The fold is cached and rebuilt when a weight or
 * statistic changes; `conv` and `bn` keep their own parameters unchanged.
 *
 * @example
 * ```ts
 * const conv = new Conv2d(3, 8, 3, { padding: 1, bias: false });
 * const bn = new BatchNorm2d(8);
 * conv.eval(); bn.eval();
 * const y = noGrad(() => convBatchNorm(conv, bn, randn([1, 3, 16, 16]), 'relu')); // [1, 8, 16, 16]
 * ```
 */
export function convBatchNorm(conv: Conv2d, bn: BatchNorm2d, x: Tensor, activation: ConvActivation = 'linear'): Tensor {
  if (!canFold(conv, bn, x)) {
    if (bn.training) releaseFold(bn);
    return tidy(() => {
      const y = bn.forward(conv.forward(x));
      return activation === 'relu' ? relu(y) : y;
    });
  }
  let fold = folds.get(bn);
  if (!fold || fold.key !== foldKey(conv, bn)) {
    releaseFold(bn);
    fold = buildFold(conv, bn);
    folds.set(bn, fold);
  }
  return conv2d(x, fold.weight, { stride: conv.stride, padding: conv.padding, dilation: conv.dilation, groups: conv.groups, bias: fold.bias, activation });
}
