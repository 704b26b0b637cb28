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
  project: Sequential;
  body: Sequential;

  constructor(
    readonly latent: number,
    readonly width: number,
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
  features: Sequential;
  head: Linear;

  constructor(
    readonly width: number,
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
  readonly latent: number;
  readonly width: number;
  readonly channels: number;
  generator: DCGANGenerator;
  discriminator: DCGANDiscriminator;

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
