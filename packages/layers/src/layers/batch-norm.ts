// Batch normalization with running statistics (PyTorch's BatchNorm1d/2d):
// training normalizes with the batch's statistics and updates the running
// ones; evaluation uses the running ones.
import { add, batchNorm, batchNormRunningStats, fmtShape, full, ShapeError, type Tensor, ValueError, zeros } from '@dendrite/core';
import { Module } from '../module/module.js';
import { ModuleBuffer, Parameter } from '../module/parameter.js';
import { positiveInt } from './param-init.js';

/** Options of the batch-norm layers. */
export interface BatchNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of a new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); otherwise batch statistics are used always. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number;
  weight: Parameter | null;
  bias: Parameter | null;
  protected abstract readonly ranks: readonly number[];

  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    const name = new.target.name;
    this.numFeatures = positiveInt(name, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.eps > 0)) throw new ValueError(`${name}: 'eps' must be positive, got ${this.eps}`);
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError(`${name}: 'momentum' must be in [0, 1], got ${this.momentum}`);
    const affine = options.affine ?? true;
    this.weight = affine ? new Parameter(full([numFeatures], 1)) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures])) : null;
    // PyTorch's buffer names, so checkpoints interchange.
    const track = options.trackRunningStats ?? true;
    this.registerBuffer('running_mean', track ? new ModuleBuffer(zeros([numFeatures])) : null);
    this.registerBuffer('running_var', track ? new ModuleBuffer(full([numFeatures], 1)) : null);
    this.registerBuffer('num_batches_tracked', track ? new ModuleBuffer(zeros([], 'int32')) : null);
  }

  private buffer(name: string): ModuleBuffer | null {
    return (this as unknown as Record<string, ModuleBuffer | null>)[name];
  }

  /** Running mean [C] (null without `trackRunningStats`). */
  get runningMean(): ModuleBuffer | null {
    return this.buffer('running_mean');
  }

  /** Running (unbiased) variance [C]. */
  get runningVar(): ModuleBuffer | null {
    return this.buffer('running_var');
  }

  override config(): Record<string, unknown> {
    return { numFeatures: this.numFeatures, eps: this.eps, momentum: this.momentum, affine: this.weight !== null, trackRunningStats: this.runningMean !== null };
  }

  forward(x: Tensor): Tensor {
    const name = this.constructor.name;
    if (!this.ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${name}: input must be ${this.ranks.map((r) => (r === 2 ? '[N, C]' : r === 3 ? '[N, C, L]' : '[N, C, H, W]')).join(' or ')} with C = ${this.numFeatures}, got ${fmtShape(x.shape)}`);
    }
    const rm = this.runningMean;
    const rv = this.runningVar;
    const useBatch = this.training || !rm || !rv;
    if (this.training && rm && rv) {
      const next = batchNormRunningStats(x, rm.value, rv.value, { momentum: this.momentum });
      rm.assign(next.runningMean);
      rv.assign(next.runningVar);
      const count = this.buffer('num_batches_tracked')!;
      count.assign(add(count.value, 1));
    }
    return batchNorm(x, useBatch ? null : rm!.value, useBatch ? null : rv!.value, { weight: this.weight?.value, bias: this.bias?.value, training: useBatch, eps: this.eps });
  }
}

/**
 * Batch norm over [N, C] or [N, C, L] (per feature/channel).
 *
 * @example
 * ```ts
 * const bn = new BatchNorm1d(16);
 * bn.forward(randn([8, 16]));  // training: batch statistics, running ones updated
 * bn.eval().forward(randn([1, 16])); // running statistics
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];
}

/**
 * Batch norm over [N, C, H, W] (per channel).
 *
 * @example
 * ```ts
 * const bn = new BatchNorm2d(6);
 * bn.forward(randn([4, 6, 8, 8])).shape; // [4, 6, 8, 8]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];
}
