import { type Generator, type Tensor, tensor, ValueError, where } from '@dendrite/core';
import { checkProbability, checkRange, uniformIn } from './random-draws.js';
import { Transform } from './transform.js';

/** Options of `RandomErasing`. */
export interface RandomErasingOptions {
  /** Probability that a sample gets a box erased (default 0.5). */
  p?: number;
  /** Range of the box's area as a fraction of the image (default [0.02, 0.33]). */
  scale?: [number, number];
  /** Range of the box's aspect ratio height / width (default [0.3, 3.3]). */
  ratio?: [number, number];
  /** The value written into the box (default 0). */
  value?: number;
}

/**
 * Erases a random rectangle of each sample with probability `p`, as
 * torchvision's `RandomErasing` (Zhong et al., 2017): 10 tries at a box that
 * fits, else the sample is left unchanged.
 *
 * @example
 * ```ts
 * const y = new RandomErasing({ p: 0.5, value: 0 }).apply(x, g);
 * ```
 */
export class RandomErasing extends Transform {
  private readonly p: number;
  private readonly scale: [number, number];
  private readonly ratio: [number, number];
  private readonly value: number;

  /**
   * Erases a random rectangle of each sample with probability `p` (Zhong et al. 2017).
   * @param options - probability, area and aspect-ratio ranges, and the fill value
   */
  constructor(options: RandomErasingOptions = {}) {
    super();
    this.p = options.p ?? 0.5;
    this.scale = options.scale ?? [0.02, 0.33];
    this.ratio = options.ratio ?? [0.3, 3.3];
    this.value = options.value ?? 0;
    checkProbability('RandomErasing', 'p', this.p);
    checkRange('RandomErasing', 'scale', this.scale, 0);
    checkRange('RandomErasing', 'ratio', this.ratio, Number.MIN_VALUE);
    if (!Number.isFinite(this.value)) throw new ValueError(`RandomErasing: 'value' must be a finite number, got ${this.value}`);
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const [n, , h, w] = x.shape;
    const mask = new Uint8Array(n * h * w);
    const [lr0, lr1] = this.ratio.map(Math.log);
    for (let i = 0; i < n; i++) {
      if (g.uniform() >= this.p) continue;
      for (let attempt = 0; attempt < 10; attempt++) {
        const area = h * w * uniformIn(g, ...this.scale);
        const aspect = Math.exp(uniformIn(g, lr0, lr1));
        const bh = Math.round(Math.sqrt(area * aspect));
        const bw = Math.round(Math.sqrt(area / aspect));
        if (bh < 1 || bw < 1 || bh > h || bw > w) continue;
        const top = g.int(0, h - bh + 1);
        const left = g.int(0, w - bw + 1);
        for (let y = top; y < top + bh; y++) mask.fill(1, i * h * w + y * w + left, i * h * w + y * w + left + bw);
        break;
      }
    }
    return where(tensor(mask, [n, 1, h, w], 'bool'), this.value, x);
  }
}
