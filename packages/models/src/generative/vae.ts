// Variational autoencoders (Kingma & Welling 2014): Gaussian latent with the
// reparameterization trick, Bernoulli pixel likelihood, analytic KL term.
import { binaryCrossEntropyWithLogits, flatten, randn, type Tensor, tidy } from '@dendrite/core';
import { Conv2d, ConvTranspose2d, Linear, Module, ReLU, Sequential } from '@dendrite/layers';
import { positive } from './autoencoder.js';

/** The parts of a VAE's negative ELBO, each a scalar in nats per image. */
export interface ElboTerms {
  /** Reconstruction term: −log p(x | z), Bernoulli, summed over pixels. */
  reconstruction: Tensor;
  /** KL(q(z | x) ‖ N(0, I)), summed over latent dims. */
  kl: Tensor;
  /** reconstruction + kl: the loss to minimize. */
  loss: Tensor;
}

/** What both VAEs share: encode to (mu, logvar), decode to logits. */
export abstract class VariationalAutoencoder extends Module {
  /** Latent dimensions. */
  abstract readonly latent: number;
  /** Shape of one image, e.g. [1, 28, 28]. */
  abstract readonly imageShape: number[];
  /** Images → [mu, logvar], each [N, latent]. */
  abstract encode(x: Tensor): [Tensor, Tensor];
  /** Codes → pixel logits [N, ...imageShape]. */
  abstract decodeLogits(z: Tensor): Tensor;

  /** Codes → images in [0, 1] (the Bernoulli means). */
  decode(z: Tensor): Tensor {
    return tidy(() => this.decodeLogits(z).sigmoid());
  }

  /** z = mu + sigma * eps with eps ~ N(0, I) from the default generator: differentiable in mu and logvar. */
  reparameterize(mu: Tensor, logvar: Tensor): Tensor {
    return tidy(() => mu.add(logvar.mul(0.5).exp().mul(randn(mu.shape))));
  }

  /**
   * The negative ELBO of a batch of images with pixel values in [0, 1] (the
   * Bernoulli targets), averaged over images: one sample of z per image.
   */
  elbo(x: Tensor): ElboTerms {
    return tidy(() => {
      const n = x.shape[0];
      const [mu, logvar] = this.encode(x);
      const logits = this.decodeLogits(this.reparameterize(mu, logvar));
      const reconstruction = binaryCrossEntropyWithLogits(logits, x, { reduction: 'sum' }).div(n);
      // KL(N(mu, sigma²) ‖ N(0, 1)) = −½ Σ (1 + log σ² − μ² − σ²).
      const kl = logvar.add(1).sub(mu.square()).sub(logvar.exp()).sum().mul(-0.5 / n);
      return { reconstruction, kl, loss: reconstruction.add(kl) };
    });
  }

  /** Reconstructions from the posterior means (no sampling): images in [0, 1]. */
  forward(x: Tensor): Tensor {
    return tidy(() => this.decode(this.encode(x)[0]));
  }

  /** `n` images decoded from z ~ N(0, I). */
  sample(n: number): Tensor {
    return tidy(() => this.decode(randn([n, this.latent])));
  }
}

/** Configuration of `VAE`. */
export interface VAEConfig {
  /** Pixels per image (default 784). */
  inFeatures?: number;
  /** Hidden width of encoder and decoder (default 400). */
  hidden?: number;
  /** Latent dimensions (default 20). */
  latent?: number;
  /** Shape of one image, restored by `decodeLogits` (default [1, 28, 28]). */
  imageShape?: number[];
}

/**
 * The MLP VAE of the PyTorch example: 784-400-(20, 20) encoder, 20-400-784 decoder.
 *
 * @example
 * ```ts
 * const vae = new VAE();
 * const { loss } = vae.elbo(x); // x in [0, 1], [N, 1, 28, 28]
 * loss.backward();
 * const digits = vae.sample(64);  // [64, 1, 28, 28]
 * ```
 */
export class VAE extends VariationalAutoencoder {
  /** Pixels per image (default 784). */
  readonly inFeatures: number;
  /** Hidden width of encoder and decoder (default 400). */
  readonly hidden: number;
  /** Latent dimensions (default 20). */
  readonly latent: number;
  /** Shape of one image (default [1, 28, 28]). */
  readonly imageShape: number[];
  /** Linear `inFeatures` → `hidden` + ReLU. */
  encoder: Sequential;
  /** Linear head to the posterior means [N, latent]. */
  mu: Linear;
  /** Linear head to the posterior log-variances [N, latent]. */
  logvar: Linear;
  /** Linear `latent` → `hidden`, ReLU, Linear → `inFeatures` pixel logits. */
  decoder: Sequential;

  /**
   * Builds the MLP encoder, the two posterior heads and the decoder.
   *
   * @param config - image size, hidden width, latent dimensions and image shape
   */
  constructor(config: VAEConfig = {}) {
    super();
    this.inFeatures = positive('VAE', 'inFeatures', config.inFeatures ?? 784);
    this.hidden = positive('VAE', 'hidden', config.hidden ?? 400);
    this.latent = positive('VAE', 'latent', config.latent ?? 20);
    this.imageShape = config.imageShape ?? [1, 28, 28];
    this.encoder = new Sequential(new Linear(this.inFeatures, this.hidden), new ReLU());
    this.mu = new Linear(this.hidden, this.latent);
    this.logvar = new Linear(this.hidden, this.latent);
    this.decoder = new Sequential(new Linear(this.latent, this.hidden), new ReLU(), new Linear(this.hidden, this.inFeatures));
  }

  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures, hidden: this.hidden, latent: this.latent, imageShape: this.imageShape };
  }

  encode(x: Tensor): [Tensor, Tensor] {
    return tidy(() => {
      const h = this.encoder.forward(flatten(x, 1));
      return [this.mu.forward(h), this.logvar.forward(h)];
    });
  }

  decodeLogits(z: Tensor): Tensor {
    return tidy(() => this.decoder.forward(z).reshape([z.shape[0], ...this.imageShape]));
  }
}

/** Configuration of `ConvVAE`. */
export interface ConvVAEConfig {
  /** Image channels (default 1). */
  inChannels?: number;
  /** Latent dimensions (default 20). */
  latent?: number;
  /** Channels of the first convolution; the second has twice as many (default 32). */
  width?: number;
}

/**
 * A convolutional VAE for 28x28 images: stride-2 convolutions to 7x7,
 * dense heads for mu and logvar, transposed convolutions back up.
 *
 * @example
 * ```ts
 * const vae = new ConvVAE({ latent: 16 });
 * vae.elbo(x).loss.backward();
 * ```
 */
export class ConvVAE extends VariationalAutoencoder {
  /** Image channels (default 1). */
  readonly inChannels: number;
  /** Latent dimensions (default 20). */
  readonly latent: number;
  /** Channels of the first convolution; the second has `2 · width` (default 32). */
  readonly width: number;
  /** Shape of one image: [inChannels, 28, 28]. */
  readonly imageShape: number[];
  /** Two stride-2 4x4 convolutions with ReLU: 28x28 → 7x7 with `2 · width` channels. */
  encoder: Sequential;
  /** Linear head from the flattened features to the posterior means [N, latent]. */
  mu: Linear;
  /** Linear head from the flattened features to the posterior log-variances [N, latent]. */
  logvar: Linear;
  /** Linear map from the code to 2·width·7·7 features. */
  fromLatent: Linear;
  /** Two stride-2 4x4 transposed convolutions (ReLU before each): 7x7 → 28x28 pixel logits. */
  decoder: Sequential;

  /**
   * Builds the convolutional encoder, posterior heads and decoder for 28x28 images.
   *
   * @param config - image channels, latent dimensions and base channel width
   */
  constructor(config: ConvVAEConfig = {}) {
    super();
    this.inChannels = positive('ConvVAE', 'inChannels', config.inChannels ?? 1);
    this.latent = positive('ConvVAE', 'latent', config.latent ?? 20);
    const w = (this.width = positive('ConvVAE', 'width', config.width ?? 32));
    this.imageShape = [this.inChannels, 28, 28];
    this.encoder = new Sequential(new Conv2d(this.inChannels, w, 4, { stride: 2, padding: 1 }), new ReLU(), new Conv2d(w, 2 * w, 4, { stride: 2, padding: 1 }), new ReLU());
    this.mu = new Linear(2 * w * 49, this.latent);
    this.logvar = new Linear(2 * w * 49, this.latent);
    this.fromLatent = new Linear(this.latent, 2 * w * 49);
    this.decoder = new Sequential(new ReLU(), new ConvTranspose2d(2 * w, w, 4, { stride: 2, padding: 1 }), new ReLU(), new ConvTranspose2d(w, this.inChannels, 4, { stride: 2, padding: 1 }));
  }

  override config(): Record<string, unknown> {
    return { inChannels: this.inChannels, latent: this.latent, width: this.width };
  }

  encode(x: Tensor): [Tensor, Tensor] {
    return tidy(() => {
      const h = flatten(this.encoder.forward(x), 1);
      return [this.mu.forward(h), this.logvar.forward(h)];
    });
  }

  decodeLogits(z: Tensor): Tensor {
    return tidy(() => this.decoder.forward(this.fromLatent.forward(z).reshape([z.shape[0], 2 * this.width, 7, 7])));
  }
}
