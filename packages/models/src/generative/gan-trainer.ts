// The two-player step of a GAN: one discriminator update, one generator
// update, with the non-saturating loss of Goodfellow et al. (2014).
import { binaryCrossEntropyWithLogits, detach, fullLike, type Tensor, tidy } from '@dendrite/core';
import { Adam, type Module, type TensorModule } from '@dendrite/layers';

/** What `GANTrainer.step` reports (batch means). */
export interface GANStepLogs {
  /** Discriminator loss: BCE on real (label 1) plus fake (label 0). */
  dLoss: number;
  /** Generator loss: BCE of fakes against label 1 (non-saturating). */
  gLoss: number;
  /** Mean D(x) on real images (a probability). */
  dReal: number;
  /** Mean D(G(z)) before the generator step. */
  dFake: number;
}

/** A generator/discriminator pair the trainer can drive. */
export interface GANModels {
  /** Maps noise to images. */
  generator: TensorModule;
  /** Maps images to one real/fake logit each, [N, 1]. */
  discriminator: TensorModule;
  /** Noise for `n` images. */
  noise(n: number): Tensor;
}

/** Options of `GANTrainer`. */
export interface GANTrainerOptions {
  /** Learning rate of both Adams (default 2e-4, as DCGAN). */
  lr?: number;
  /** Adam betas (default [0.5, 0.999], as DCGAN). */
  betas?: [number, number];
  /** Target for real images in the D loss (default 1; 0.9 is one-sided label smoothing). */
  realLabel?: number;
}

/**
 * Alternates two optimizers over one batch of real images: first the
 * discriminator on real and detached fake images, then the generator
 * through the (updated) discriminator, maximizing log D(G(z)).
 *
 * @example
 * ```ts
 * const gan = new DCGAN();
 * const trainer = new GANTrainer(gan, { lr: 2e-4 });
 * for await (const { x } of loader) await trainer.step(x.mul(2).sub(1)); // images in [-1, 1]
 * ```
 */
export class GANTrainer {
  /** Adam over the generator's parameters. */
  readonly optG: Adam;
  /** Adam over the discriminator's parameters. */
  readonly optD: Adam;
  /** Target for real images in the discriminator loss (default 1). */
  readonly realLabel: number;

  /**
   * Creates one Adam per network (lr 2e-4, betas [0.5, 0.999] unless overridden).
   *
   * @param options - learning rate, Adam betas and the real-image label
   */
  constructor(
    /** The generator and discriminator pair trained (e.g. a `DCGAN`). */
    readonly gan: GANModels & Module,
    options: GANTrainerOptions = {},
  ) {
    const hyper = { lr: options.lr ?? 2e-4, betas: options.betas ?? ([0.5, 0.999] as [number, number]) };
    this.optG = new Adam((gan.generator as unknown as Module).parameters(), hyper);
    this.optD = new Adam((gan.discriminator as unknown as Module).parameters(), hyper);
    this.realLabel = options.realLabel ?? 1;
  }

  /** The optimizers by name, for checkpoints. */
  get optimizers(): { generator: Adam; discriminator: Adam } {
    return { generator: this.optG, discriminator: this.optD };
  }

  /** One D step and one G step on a batch of real images (in the generator's output range). */
  async step(real: Tensor): Promise<GANStepLogs> {
    const n = real.shape[0];
    const { generator: g, discriminator: d } = this.gan;
    this.optD.zeroGrad();
    const dOut = tidy(() => {
      const fake = detach(g.forward(this.gan.noise(n)));
      const realLogits = d.forward(real);
      const fakeLogits = d.forward(fake);
      const loss = binaryCrossEntropyWithLogits(realLogits, fullLike(realLogits, this.realLabel)).add(binaryCrossEntropyWithLogits(fakeLogits, fullLike(fakeLogits, 0)));
      loss.backward();
      return [detach(loss), realLogits.sigmoid().mean()];
    });
    this.optD.step();
    this.optG.zeroGrad();
    // The G step must not leave gradients in D that the next D step would mix in: zeroGrad above and at the next D step.
    const gOut = tidy(() => {
      const logits = d.forward(g.forward(this.gan.noise(n)));
      const loss = binaryCrossEntropyWithLogits(logits, fullLike(logits, 1));
      loss.backward();
      return [detach(loss), logits.sigmoid().mean()];
    });
    this.optG.step();
    const [dLoss, dReal, gLoss, dFake] = await Promise.all([...dOut, ...gOut].map(async (t) => {
      const v = (await t.data())[0];
      t.dispose();
      return v;
    }));
    return { dLoss, gLoss, dReal, dFake };
  }
}
