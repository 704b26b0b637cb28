// Dense autoencoder (784-…-32 by default; latent 2 for a drawable latent space).
import { flatten, type Tensor, tidy, ValueError } from '@dendrite/core';
import { Linear, Module, ReLU, Sequential } from '@dendrite/layers';

/** Configuration of `Autoencoder`. */
export interface AutoencoderConfig {
  /** Pixels per image (default 784). */
  inFeatures?: number;
  /** Hidden widths of the encoder, mirrored by the decoder (default [256, 128]). */
  hidden?: number[];
  /** Bottleneck width (default 32; 2 draws as a plane). */
  latent?: number;
  /** Shape of one image, restored by `forward` (default [1, 28, 28]). */
  imageShape?: number[];
}

/** Checks a positive-integer config value. */
export function positive(model: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${model}: '${name}' must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * An MLP autoencoder: encoder x → z (linear bottleneck), decoder z → pixel
 * logits; `forward` returns sigmoid reconstructions in [0, 1] with the
 * input's image shape. Train it with MSE against clean images (with noise
 * added to the input, it is a denoising autoencoder).
 *
 * @example
 * ```ts
 * const ae = new Autoencoder({ latent: 2 });
 * ae.forward(x).shape; // x [N, 1, 28, 28] → [N, 1, 28, 28]
 * ae.encode(x).shape;  // [N, 2]
 * ```
 */
export class Autoencoder extends Module {
  /** Pixels per image (default 784). */
  readonly inFeatures: number;
  /** Hidden widths of the encoder, mirrored by the decoder (default [256, 128]). */
  readonly hidden: number[];
  /** Bottleneck (code) width (default 32). */
  readonly latent: number;
  /** Shape of one image, restored by `decodeLogits` (default [1, 28, 28]). */
  readonly imageShape: number[];
  /** Linear + ReLU layers down to a linear `latent`-wide code. */
  encoder: Sequential;
  /** Linear layers (ReLU between) from the code back to `inFeatures` pixel logits. */
  decoder: Sequential;

  /**
   * Builds the encoder and decoder MLPs.
   *
   * @param config - image size, hidden widths, latent width and image shape
   */
  constructor(config: AutoencoderConfig = {}) {
    super();
    this.inFeatures = positive('Autoencoder', 'inFeatures', config.inFeatures ?? 784);
    this.hidden = (config.hidden ?? [256, 128]).map((h) => positive('Autoencoder', 'hidden', h));
    this.latent = positive('Autoencoder', 'latent', config.latent ?? 32);
    this.imageShape = config.imageShape ?? [1, 28, 28];
    const widths = [this.inFeatures, ...this.hidden];
    const enc: Module[] = [];
    for (let i = 0; i + 1 < widths.length; i++) enc.push(new Linear(widths[i], widths[i + 1]), new ReLU());
    enc.push(new Linear(widths[widths.length - 1], this.latent));
    const back = [...widths].reverse();
    const dec: Module[] = [new Linear(this.latent, back[0])];
    for (let i = 0; i + 1 < back.length; i++) dec.push(new ReLU(), new Linear(back[i], back[i + 1]));
    this.encoder = new Sequential(...enc);
    this.decoder = new Sequential(...dec);
  }

  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures, hidden: this.hidden, latent: this.latent, imageShape: this.imageShape };
  }

  /** Images [N, ...] → codes [N, latent]. */
  encode(x: Tensor): Tensor {
    return this.encoder.forward(flatten(x, 1));
  }

  /** Codes [N, latent] → pixel logits [N, ...imageShape]. */
  decodeLogits(z: Tensor): Tensor {
    return tidy(() => this.decoder.forward(z).reshape([z.shape[0], ...this.imageShape]));
  }

  /** Codes → images in [0, 1]. */
  decode(z: Tensor): Tensor {
    return tidy(() => this.decodeLogits(z).sigmoid());
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.decode(this.encode(x)));
  }
}
