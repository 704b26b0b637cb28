// Soft Dice loss for segmentation (Milletari et al. 2016): one minus the mean
// over classes of 2|P∩T| / (|P| + |T|), with P the softmax probabilities.
import { DTypeError, fmtShape, oneHot, permute, ShapeError, softmax, type Tensor, tensor, tidy, ValueError } from '@dendrite/core';
import { Module } from '../module/module.js';

/** Options of `diceLoss`. */
export interface DiceLossOptions {
  /** Added to numerator and denominator, so absent classes score 1 rather than 0/0 (default 1). */
  smooth?: number;
  /** Skip this class (e.g. the background) in the mean. */
  ignoreClass?: number;
}

/**
 * Soft Dice loss of logits [N, C, ...] against class indices [N, ...]
 * (int32): 1 − mean_c (2 Σ p·t + s) / (Σ p + Σ t + s), sums over the batch
 * and all positions, p = softmax over C, t = one-hot targets.
 *
 * @example
 * ```ts
 * const loss = diceLoss(logits, masks); // logits [N, 11, 64, 64], masks int32 [N, 64, 64]
 * ```
 */
export function diceLoss(logits: Tensor, target: Tensor, options: DiceLossOptions = {}): Tensor {
  const smooth = options.smooth ?? 1;
  if (!(smooth >= 0)) throw new ValueError(`diceLoss: 'smooth' must be >= 0, got ${smooth}`);
  if (logits.rank < 2 || target.rank !== logits.rank - 1 || target.shape[0] !== logits.shape[0] || target.shape.some((s, i) => i > 0 && s !== logits.shape[i + 1])) {
    throw new ShapeError(`diceLoss: 'target' ${fmtShape(target.shape)} must be 'logits' ${fmtShape(logits.shape)} without the class axis 1`);
  }
  if (target.dtype !== 'int32') throw new DTypeError(`diceLoss: 'target' must hold int32 class indices, got ${target.dtype}`);
  const c = logits.shape[1];
  return tidy(() => {
    const p = softmax(logits, 1);
    // One-hot targets [N, ..., C] moved to [N, C, ...] to line up with p.
    const order = [0, target.rank, ...Array.from({ length: target.rank - 1 }, (_, i) => i + 1)];
    const t = permute(oneHot(target, c), order).cast(p.dtype);
    const axes = [0, ...Array.from({ length: logits.rank - 2 }, (_, i) => i + 2)];
    const inter = p.mul(t).sum(axes);
    const total = p.sum(axes).add(t.sum(axes));
    let dice = inter.mul(2).add(smooth).div(total.add(smooth));
    if (options.ignoreClass !== undefined) {
      const keep = Array.from({ length: c }, (_, k) => k).filter((k) => k !== options.ignoreClass);
      dice = dice.gather(tensor(Int32Array.from(keep), [keep.length], 'int32'));
    }
    return dice.mean().neg().add(1);
  });
}

/**
 * The Dice loss as a module, next to `CrossEntropyLoss` (same arguments:
 * logits [N, C, ...], int32 targets [N, ...]).
 *
 * @example
 * ```ts
 * const loss = new DiceLoss().forward(logits, masks);
 * ```
 */
export class DiceLoss extends Module<[Tensor, Tensor], Tensor> {
  /** A Dice loss module with the given options; `forward(logits, target)` calls `diceLoss`. */
  constructor(
    /** Smoothing and the ignored class, passed to `diceLoss`. */
    readonly options: DiceLossOptions = {},
  ) {
    super();
  }

  override config(): Record<string, unknown> {
    return { ...this.options };
  }

  forward(logits: Tensor, target: Tensor): Tensor {
    return diceLoss(logits, target, this.options);
  }
}
