// Intersection over union per class from predicted and true label maps.
import { argmax, fmtShape, ShapeError, type Tensor } from '@dendrite/core';

/** A running confusion count for segmentation: add batches, read IoU. */
export class IoUMeter {
  /** Per class: pixels predicted as the class that are the class (true positives). */
  readonly intersection: Float64Array;
  /** Per class: pixels predicted as or labelled the class (true positives + false positives + false negatives). */
  readonly union: Float64Array;
  /** Pixels per true class, for pixel accuracy. */
  private correct = 0;
  private total = 0;

  /** An empty meter for `numClasses` classes. */
  constructor(
    /** Number of classes (logits channels and target ids 0 .. numClasses - 1). */
    readonly numClasses: number,
  ) {
    this.intersection = new Float64Array(numClasses);
    this.union = new Float64Array(numClasses);
  }

  /**
   * Adds a batch: logits [N, C, H, W] (argmax over C) and int32 targets [N, H, W].
   *
   * @example
   * ```ts
   * const meter = new IoUMeter(11);
   * await meter.add(net.forward(x), y);
   * meter.meanIoU(); // in [0, 1]
   * ```
   */
  async add(logits: Tensor, target: Tensor): Promise<void> {
    if (logits.rank !== 4 || target.rank !== 3 || logits.shape[1] !== this.numClasses) {
      throw new ShapeError(`IoUMeter.add: need logits [N, ${this.numClasses}, H, W] and targets [N, H, W], got ${fmtShape(logits.shape)} and ${fmtShape(target.shape)}`);
    }
    const pred = argmax(logits, 1);
    const p = await pred.data();
    pred.dispose();
    const t = await target.data();
    for (let i = 0; i < p.length; i++) {
      const a = p[i];
      const b = t[i];
      if (a === b) {
        this.intersection[a]++;
        this.union[a]++;
        this.correct++;
      } else {
        this.union[a]++;
        this.union[b]++;
      }
      this.total++;
    }
  }

  /** IoU of each class (NaN for a class absent from both prediction and truth). */
  perClass(): number[] {
    return Array.from(this.intersection, (v, k) => (this.union[k] > 0 ? v / this.union[k] : Number.NaN));
  }

  /** Mean IoU over the classes that occur. */
  meanIoU(): number {
    const v = this.perClass().filter((x) => !Number.isNaN(x));
    return v.reduce((a, b) => a + b, 0) / Math.max(v.length, 1);
  }

  /** Fraction of pixels labelled right. */
  pixelAccuracy(): number {
    return this.correct / Math.max(this.total, 1);
  }
}
