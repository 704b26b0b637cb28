// Zoo entries of the generative, segmentation, spatial-transformer and
// recurrent models; each names the training task `dendrite train` runs.
import { Autoencoder } from '../generative/autoencoder.js';
import { ConvAutoencoder } from '../generative/conv-autoencoder.js';
import { DCGAN } from '../generative/dcgan.js';
import { ConvVAE, VAE } from '../generative/vae.js';
import { CharLSTM } from '../recurrent/char-lstm.js';
import { LSTMClassifier } from '../recurrent/lstm-classifier.js';
import { SegNet } from '../segmentation/segnet.js';
import { UNet } from '../segmentation/unet.js';
import { STN } from '../stn/stn.js';
import type { ZooEntry } from './registry.js';

const c = (config?: Record<string, unknown>) => (config ?? {}) as object;

/** The part-3 zoo: autoencoders, VAEs, DCGAN, U-Net, SegNet, STN, recurrent models. */
export const ZOO_PART3: Readonly<Record<string, ZooEntry>> = {
  autoencoder: { description: 'dense autoencoder 784-256-128-32-128-256-784 (MSE; --noise for denoising)', inputShape: [1, 28, 28], create: (x) => new Autoencoder(c(x)), classifier: false, task: 'autoencoder' },
  'autoencoder-2d': { description: 'dense autoencoder with a 2-d bottleneck (draws its latent space by class)', inputShape: [1, 28, 28], create: (x) => new Autoencoder({ latent: 2, ...c(x) }), classifier: false, task: 'autoencoder' },
  'conv-autoencoder': { description: 'convolutional autoencoder 28→14→7, 32-d bottleneck', inputShape: [1, 28, 28], create: (x) => new ConvAutoencoder(c(x)), classifier: false, task: 'autoencoder' },
  vae: { description: 'variational autoencoder, MLP 784-400-20 (Bernoulli likelihood); pretrained on MNIST', inputShape: [1, 28, 28], create: (x) => new VAE(c(x)), classifier: false, task: 'vae', pretrained: 'vae-mnist' },
  'vae-2d': { description: 'variational autoencoder 784-400-2 (a 2-d latent plane to draw); pretrained on MNIST', inputShape: [1, 28, 28], create: (x) => new VAE({ latent: 2, ...c(x) }), classifier: false, task: 'vae', pretrained: 'vae2d-mnist' },
  'conv-vae': { description: 'convolutional variational autoencoder, 20-d latent', inputShape: [1, 28, 28], create: (x) => new ConvVAE(c(x)), classifier: false, task: 'vae' },
  dcgan: { description: 'DCGAN at 28x28 (BatchNorm, LeakyReLU, non-saturating loss); the discriminator is the forward', inputShape: [1, 28, 28], create: (x) => new DCGAN(c(x)), classifier: false, task: 'gan' },
  unet: { description: 'U-Net (depth/baseChannels configurable) for 11-class MNIST segmentation on 64x64', inputShape: [1, 64, 64], create: (x) => new UNet({ depth: 3, baseChannels: 16, ...c(x) }), classifier: false, task: 'segmentation' },
  segnet: { description: 'SegNet: max-unpooling decoder with the encoder pooling indices', inputShape: [1, 64, 64], create: (x) => new SegNet({ depth: 3, baseChannels: 16, ...c(x) }), classifier: false, task: 'segmentation' },
  stn: { description: 'spatial transformer (localization → affineGrid → gridSample) + CNN on distorted MNIST 42x42', inputShape: [1, 42, 42], create: (x) => new STN(c(x)), classifier: false, task: 'stn' },
  'stn-baseline': { description: 'the STN classifier without its transformer (the baseline)', inputShape: [1, 42, 42], create: (x) => new STN({ transformer: false, ...c(x) }), classifier: false, task: 'stn' },
  'char-lstm': { description: 'character-level LSTM language model on the Brown corpus', inputShape: [64], create: (x) => new CharLSTM({ vocabSize: 96, ...c(x) }), classifier: false, task: 'char-lstm' },
  'lstm-classifier': { description: 'embedding → biLSTM → linear sequence classifier (token ids in)', inputShape: [32], create: (x) => new LSTMClassifier({ vocabSize: 1000, numClasses: 2, ...c(x) }), classifier: false },
};
