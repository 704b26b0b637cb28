// Convolutional autoencoder for 28x28 images: strided convolutions down to
// 7x7, a dense bottleneck, transposed convolutions back up.
import { flatten, type Tensor, tidy } from '@dendrite/core';
import { Conv2d, ConvTranspose2d, Linear, Module, ReLU, Sequential } from '@dendrite/layers';
import { positive } from './autoencoder.js';

/** Configuration of `ConvAutoencoder`. */
export interface ConvAutoencoderConfig {
  /** Image channels (default 1). */
  inChannels?: number;
  /** Bottleneck width (default 32). */
  latent?: number;
  /** Channels after the first convolution; the second has twice as many (default 16). */
  width?: number;
}

/**
 * Conv encoder 28 → 14 → 7 (stride-2 3x3 convolutions), linear bottleneck,
 * and the mirror image with stride-2 transposed convolutions; `forward`
 * returns sigmoid reconstructions.
 *
 * @example
 * ```ts
 * const ae = new ConvAutoencoder({ latent: 16 });
 * ae.forward(x).shape; // [N, 1, 28, 28]
 * ```
 */
export class ConvAutoencoder extends Module {
  /** Image channels (default 1). */
  readonly inChannels: number;
  /** Bottleneck (code) width (default 32). */
  readonly latent: number;
  /** Channels after the first convolution; the second has `2 · width` (default 16). */
  readonly width: number;
  /** Two stride-2 3x3 convolutions with ReLU: [N, C, 28, 28] → [N, 2·width, 7, 7]. */
  encoder: Sequential;
  /** Linear map from the flattened 7x7 features to the `latent`-wide code. */
  toLatent: Linear;
  /** Linear map from the code back to 2·width·7·7 features. */
  fromLatent: Linear;
  /** Two stride-2 transposed convolutions (ReLU before each): 7x7 → 28x28 pixel logits. */
  decoder: Sequential;

  /**
   * Builds the encoder, bottleneck and decoder for 28x28 images.
   *
   * @param config - image channels, latent width and base channel width
   */
  constructor(config: ConvAutoencoderConfig = {}) {
    super();
    this.inChannels = positive('ConvAutoencoder', 'inChannels', config.inChannels ?? 1);
    this.latent = positive('ConvAutoencoder', 'latent', config.latent ?? 32);
    const w = (this.width = positive('ConvAutoencoder', 'width', config.width ?? 16));
    this.encoder = new Sequential(new Conv2d(this.inChannels, w, 3, { stride: 2, padding: 1 }), new ReLU(), new Conv2d(w, 2 * w, 3, { stride: 2, padding: 1 }), new ReLU());
    this.toLatent = new Linear(2 * w * 7 * 7, this.latent);
    this.fromLatent = new Linear(this.latent, 2 * w * 7 * 7);
    this.decoder = new Sequential(
      new ReLU(),
      new ConvTranspose2d(2 * w, w, 3, { stride: 2, padding: 1, outputPadding: 1 }),
      new ReLU(),
      new ConvTranspose2d(w, this.inChannels, 3, { stride: 2, padding: 1, outputPadding: 1 }),
    );
  }

  override config(): Record<string, unknown> {
    return { inChannels: this.inChannels, latent: this.latent, width: this.width };
  }

  /** Images [N, C, 28, 28] → codes [N, latent]. */
  encode(x: Tensor): Tensor {
    return tidy(() => this.toLatent.forward(flatten(this.encoder.forward(x), 1)));
  }

  /** Codes [N, latent] → pixel logits [N, C, 28, 28]. */
  decodeLogits(z: Tensor): Tensor {
    return tidy(() => this.decoder.forward(this.fromLatent.forward(z).reshape([z.shape[0], 2 * this.width, 7, 7])));
  }

  /** Codes → images in [0, 1] (sigmoid of `decodeLogits`). */
  decode(z: Tensor): Tensor {
    return tidy(() => this.decodeLogits(z).sigmoid());
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.decode(this.encode(x)));
  }
}
