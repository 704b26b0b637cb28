import { type Generator, type Tensor, ValueError, where } from '@dendrite/core';
import { checkProbability, coinFlips, sampleMask } from './random-draws.js';
import { Transform } from './transform.js';

/**
 * Applies transforms one after another, as torchvision's `Compose`.
 *
 * @example
 * ```ts
 * const augment = new Compose([new RandomCrop(28, { padding: 2 }), new RandomHorizontalFlip(), new Normalize([0.1307], [0.3081])]);
 * const x2 = augment.apply(x, new Generator(0));
 * ```
 */
export class Compose extends Transform {
  /**
   * Applies `transforms` one after another.
   * @param transforms - the transforms, first applied first
   */
  constructor(readonly transforms: Transform[]) {
    super();
    if (!Array.isArray(transforms) || !transforms.every((t) => t instanceof Transform)) throw new ValueError('Compose: expected an array of Transforms');
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    return this.transforms.reduce((acc, t) => t.apply(acc, generator), x);
  }
}

function sameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ValueError(`${op}: its transforms must keep the image shape [${b.shape.join(', ')}], one gave [${a.shape.join(', ')}]`);
  }
}

/**
 * Applies `transforms` (composed) to each sample with probability `p`, as
 * torchvision's `RandomApply`, deciding per sample. The transforms must keep
 * the image shape.
 *
 * @example
 * ```ts
 * const maybeJitter = new RandomApply([new ColorJitter({ brightness: 0.4 })], 0.8);
 * ```
 */
export class RandomApply extends Transform {
  private readonly inner: Compose;

  /**
   * Applies all of `transforms` to each sample with probability `p`.
   * @param transforms - applied in order to the chosen samples
   * @param p - the probability per sample (default 0.5)
   */
  constructor(transforms: Transform[], readonly p = 0.5) {
    super();
    checkProbability('RandomApply', 'p', p);
    this.inner = new Compose(transforms);
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    const flags = coinFlips(generator, x.shape[0], this.p);
    if (!flags.includes(1)) return x.clone();
    const y = this.inner.apply(x, generator);
    sameShape('RandomApply', y, x);
    return where(sampleMask(flags), y, x);
  }
}

/**
 * Applies one of `transforms` to each sample, chosen per sample (uniformly,
 * or with the given weights), as torchvision's `RandomChoice`. The
 * transforms must keep the image shape.
 *
 * @example
 * ```ts
 * const oneOf = new RandomChoice([new RandomRotation(15), new RandomAffine({ translate: [0.1, 0.1] })]);
 * ```
 */
export class RandomChoice extends Transform {
  private readonly cumulative: number[];

  /**
   * Applies one of `transforms` per sample.
   * @param transforms - the candidates; they must keep the image shape
   * @param weights - relative probabilities (default: uniform)
   */
  constructor(readonly transforms: Transform[], weights?: number[]) {
    super();
    if (!Array.isArray(transforms) || transforms.length === 0 || !transforms.every((t) => t instanceof Transform)) {
      throw new ValueError('RandomChoice: expected a non-empty array of Transforms');
    }
    const w = weights ?? transforms.map(() => 1);
    if (w.length !== transforms.length || w.some((v) => !(v >= 0)) || !(w.reduce((a, b) => a + b, 0) > 0)) {
      throw new ValueError(`RandomChoice: weights must be ${transforms.length} non-negative numbers with a positive sum, got ${JSON.stringify(weights)}`);
    }
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cumulative = w.map((v) => (acc += v / total));
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    const n = x.shape[0];
    const choice = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const u = generator.uniform();
      const k = this.cumulative.findIndex((c) => u < c);
      choice[i] = k < 0 ? this.transforms.length - 1 : k; // u just below 1 vs a rounded cumulative sum
    }
    let out: Tensor | undefined;
    this.transforms.forEach((t, k) => {
      const flags = choice.map((c) => (c === k ? 1 : 0));
      if (!flags.includes(1)) return;
      const y = t.apply(x, generator);
      sameShape('RandomChoice', y, x);
      out = out === undefined ? y : where(sampleMask(Uint8Array.from(flags)), y, out);
    });
    return out as Tensor;
  }
}
