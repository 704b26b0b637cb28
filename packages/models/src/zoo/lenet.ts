// LeNet-5 (LeCun, Bottou, Bengio, Haffner 1998) in its two common forms.
import { flatten, pad, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AvgPool2d, Conv2d, Linear, MaxPool2d, Module, ReLU, Sequential, Tanh } from '@dendrite/layers';

/** Configuration of `lenet5`. */
export interface LeNet5Config {
  /**
   * 'classic': tanh and 2x2 average pooling on 32x32 inputs, as in the 1998
   * paper (with the full C3 connection table and a linear output layer:
   * 61,706 parameters). 'modern' (default): ReLU and max pooling, with
   * padding 2 on the first convolution so 28x28 MNIST fits unchanged.
   */
  variant?: 'classic' | 'modern';
  /** Output classes (default 10). */
  numClasses?: number;
  /** Input channels (default 1). */
  inChannels?: number;
}

/**
 * LeNet-5: a convolutional `features` stage, a fully connected `hidden`
 * stage (120 → 84) and a replaceable linear `head` (84 → classes).
 *
 * @example
 * ```ts
 * const net = new LeNet5({ variant: 'modern' });
 * net.forward(zeros([8, 1, 28, 28])).shape; // [8, 10]
 * ```
 */
export class LeNet5 extends Module {
  /** 'modern' (ReLU, max pooling, 28×28) or 'classic' (tanh, average pooling, 32×32). */
  readonly variant: 'classic' | 'modern';
  /** Output classes. */
  readonly numClasses: number;
  /** Input channels. */
  readonly inChannels: number;
  /** The convolutional stage: conv 5×5 → act → pool → conv 5×5 → act → pool. */
  features: Sequential;
  /** The fully connected stage: 400 → 120 → 84, with activations. */
  hidden: Sequential;
  /** The classifier, 84 → numClasses (replaceable for transfer learning). */
  head: Module;

  /**
   * Builds LeNet-5.
   * @param config - variant, numClasses, inChannels
   */
  constructor(config: LeNet5Config = {}) {
    super();
    this.variant = config.variant ?? 'modern';
    if (this.variant !== 'classic' && this.variant !== 'modern') {
      throw new ValueError(`lenet5: 'variant' must be 'classic' or 'modern', got ${JSON.stringify(config.variant)}`);
    }
    this.numClasses = config.numClasses ?? 10;
    this.inChannels = config.inChannels ?? 1;
    const classic = this.variant === 'classic';
    const act = () => (classic ? new Tanh() : new ReLU());
    const pool = () => (classic ? new AvgPool2d(2) : new MaxPool2d(2));
    this.features = new Sequential(
      new Conv2d(this.inChannels, 6, 5, { padding: classic ? 0 : 2 }),
      act(),
      pool(),
      new Conv2d(6, 16, 5),
      act(),
      pool(),
    );
    // The classic C5 is a 5x5 convolution over a 5x5 map: a dense layer on the flattened 16x5x5.
    this.hidden = new Sequential(new Linear(16 * 5 * 5, 120), act(), new Linear(120, 84), act());
    this.head = new Linear(84, this.numClasses);
  }

  override config(): Record<string, unknown> {
    return { variant: this.variant, numClasses: this.numClasses, inChannels: this.inChannels };
  }

  /** The expected input shape for one image: [C, 32, 32] (classic) or [C, 28, 28] (modern). */
  get inputShape(): [number, number, number] {
    const s = this.variant === 'classic' ? 32 : 28;
    return [this.inChannels, s, s];
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      // LeCun et al. centred the 28x28 MNIST digits in a 32x32 field; do the same for the classic variant.
      const input = this.variant === 'classic' && x.rank === 4 && x.shape[2] === 28 && x.shape[3] === 28 ? pad(x, [[0, 0], [0, 0], [2, 2], [2, 2]]) : x;
      return (this.head as Module<[Tensor], Tensor>).forward(this.hidden.forward(flatten(this.features.forward(input), 1)));
    });
  }
}
