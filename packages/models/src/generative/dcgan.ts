// DCGAN (Radford, Metz, Chintala 2016) at 28x28: a generator of transposed
// convolutions with BatchNorm and ReLU ending in tanh, and a discriminator of
// strided convolutions with LeakyReLU(0.2) and BatchNorm.
import { flatten, randn, type Tensor, tidy } from '@dendrite/core';
import { BatchNorm1d, BatchNorm2d, Conv2d, ConvTranspose2d, init, LeakyReLU, Linear, Module, ReLU, Sequential, Tanh } from '@dendrite/layers';
import { positive } from './autoencoder.js';

/** Configuration of `DCGAN`. */
export interface DCGANConfig {
  /** Noise dimensions (default 100). */
  latent?: number;
  /** Channels of the widest generator / discriminator layer is 2 x width (default 64). */
  width?: number;
  /** Image channels (default 1). */
  channels?: number;
}

/**
 * The generator: z [N, latent] → images [N, C, 28, 28] in [-1, 1].
 *
 * @example
 * ```ts
 * new DCGANGenerator({ latent: 100 }).forward(randn([16, 100])).shape; // [16, 1, 28, 28]
 * ```
 */
export class DCGANGenerator extends Module {
  /** Linear (no bias) from the noise to 2·width·7·7 features, batch norm, ReLU. */
  project: Sequential;
  /** Two stride-2 4x4 transposed convolutions (7x7 → 14x14 → 28x28), ending in tanh: images in [-1, 1]. */
  body: Sequential;

  /** Builds the generator for 28x28 images. */
  constructor(
    /** Noise dimensions. */
    readonly latent: number,
    /** Channels of the 14x14 layer; the 7x7 layer has `2 · width`. */
    readonly width: number,
    /** Image channels. */
    readonly channels: number,
  ) {
    super();
    const w2 = 2 * width;
    this.project = new Sequential(new Linear(latent, w2 * 49, { bias: false }), new BatchNorm1d(w2 * 49), new ReLU());
    this.body = new Sequential(
      new ConvTranspose2d(w2, width, 4, { stride: 2, padding: 1, bias: false }),
      new BatchNorm2d(width),
      new ReLU(),
      new ConvTranspose2d(width, channels, 4, { stride: 2, padding: 1 }),
      new Tanh(),
    );
  }

  forward(z: Tensor): Tensor {
    return tidy(() => this.body.forward(this.project.forward(z).reshape([z.shape[0], 2 * this.width, 7, 7])));
  }
}

/**
 * The discriminator: images [N, C, 28, 28] → one logit per image [N, 1].
 *
 * @example
 * ```ts
 * new DCGANDiscriminator(64, 1).forward(x).shape; // [N, 1]
 * ```
 */
export class DCGANDiscriminator extends Module {
  /** Two stride-2 4x4 convolutions with LeakyReLU(0.2) (batch norm on the second): 28x28 → 7x7. */
  features: Sequential;
  /** Linear map from the flattened 2·width·7·7 features to one real/fake logit. */
  head: Linear;

  /** Builds the discriminator for 28x28 images. */
  constructor(
    /** Channels of the first convolution; the second has `2 · width`. */
    readonly width: number,
    /** Image channels. */
    readonly channels: number,
  ) {
    super();
    this.features = new Sequential(
      new Conv2d(channels, width, 4, { stride: 2, padding: 1 }),
      new LeakyReLU(0.2),
      new Conv2d(width, 2 * width, 4, { stride: 2, padding: 1, bias: false }),
      new BatchNorm2d(2 * width),
      new LeakyReLU(0.2),
    );
    this.head = new Linear(2 * width * 49, 1);
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.head.forward(flatten(this.features.forward(x), 1)));
  }
}

/**
 * A DCGAN: `generator` and `discriminator` in one module (one state dict,
 * one checkpoint), weights initialised N(0, 0.02) as in the paper (BatchNorm
 * scales N(1, 0.02)). Train it with `GANTrainer`.
 *
 * @example
 * ```ts
 * const gan = new DCGAN({ latent: 64, width: 32 });
 * const fakes = gan.sample(16); // [16, 1, 28, 28] in [-1, 1]
 * ```
 */
export class DCGAN extends Module {
  /** Noise dimensions (default 100). */
  readonly latent: number;
  /** Base channel width of both networks (default 64). */
  readonly width: number;
  /** Image channels (default 1). */
  readonly channels: number;
  /** The generator: noise [N, latent] → images [N, channels, 28, 28] in [-1, 1]. */
  generator: DCGANGenerator;
  /** The discriminator: images → real/fake logits [N, 1]. */
  discriminator: DCGANDiscriminator;

  /**
   * Builds both networks with DCGAN's initialization: weights N(0, 0.02²), batch-norm scales N(1, 0.02²).
   *
   * @param config - noise dimensions, base width and image channels
   */
  constructor(config: DCGANConfig = {}) {
    super();
    this.latent = positive('DCGAN', 'latent', config.latent ?? 100);
    this.width = positive('DCGAN', 'width', config.width ?? 64);
    this.channels = positive('DCGAN', 'channels', config.channels ?? 1);
    this.generator = new DCGANGenerator(this.latent, this.width, this.channels);
    this.discriminator = new DCGANDiscriminator(this.width, this.channels);
    for (const m of this.modules()) {
      if (m instanceof Conv2d || m instanceof ConvTranspose2d || m instanceof Linear) init.normal(m.weight, { std: 0.02 });
      else if ((m instanceof BatchNorm1d || m instanceof BatchNorm2d) && m.weight) init.normal(m.weight, { mean: 1, std: 0.02 });
    }
  }

  override config(): Record<string, unknown> {
    return { latent: this.latent, width: this.width, channels: this.channels };
  }

  /** Noise z ~ N(0, I) for `n` images. */
  noise(n: number): Tensor {
    return randn([n, this.latent]);
  }

  /** `n` generated images in [-1, 1] (or from the given noise). */
  sample(n: number, z?: Tensor): Tensor {
    return tidy(() => this.generator.forward(z ?? this.noise(n)));
  }

  /** The discriminator's logits for images. */
  forward(x: Tensor): Tensor {
    return this.discriminator.forward(x);
  }
}
