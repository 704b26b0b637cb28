// The zoo's catalogue: the names the CLI and `createModel` accept.
import { ValueError } from '@dendrite/core';
import type { Module } from '@dendrite/layers';
import { CNN_ZOO } from './cnn-registry.js';
import { LeNet5 } from './lenet.js';
import { LogisticRegression } from './logistic.js';
import { MLP } from './mlp.js';
import { MNIST_PREPROCESSING, type Preprocessing } from './preprocessing.js';
import type { PretrainedName } from './pretrained.js';
import { Perceptron } from './perceptron.js';
import { ZOO_PART3 } from './registry-part3.js';

/** One zoo entry. */
export interface ZooEntry {
  /** One line saying what the model is. */
  description: string;
  /** One input sample's shape (without the batch dimension). */
  inputShape: readonly number[];
  /** Builds the model from its saved config (or the defaults). */
  create(config?: Record<string, unknown>): Module;
  /** Whether the CLI can train it with cross-entropy on image classes. */
  classifier: boolean;
  /**
   * The config that fits this model to a dataset of `[C, H, W]` images and
   * `numClasses` classes (for models whose default input differs, such as
   * the CIFAR ResNets trained on 28x28 grayscale images).
   */
  adapt?(shape: readonly number[], numClasses: number): Record<string, unknown>;
  /** How input images are prepared (resize, crop, normalization), applied by `dendrite predict`. */
  preprocessing?: Preprocessing;
  /** Weights shipped with the package for the default config, with the preprocessing they were trained with. */
  pretrained?: PretrainedName;
  /** Names of the output classes of the default config (or of the pretrained weights). */
  classes?: readonly string[];
  /** The training task `dendrite train` runs for a non-classifier (autoencoder, vae, gan, segmentation, stn, char-lstm). */
  task?: string;
}

/** Every model of the zoo by name. */
export const ZOO: Readonly<Record<string, ZooEntry>> = {
  lenet5: {
    description: 'LeNet-5, modern: ReLU, max pooling, 28x28 input (61,706 parameters)',
    inputShape: [1, 28, 28],
    create: (c) => new LeNet5({ variant: 'modern', ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
    pretrained: 'lenet5-mnist',
  },
  'lenet5-classic': {
    description: 'LeNet-5 as in LeCun et al. 1998: tanh, average pooling, 32x32 input (61,706 parameters)',
    inputShape: [1, 32, 32],
    create: (c) => new LeNet5({ variant: 'classic', ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
  },
  mlp: {
    description: 'MLP 784-256-10 with ReLU',
    inputShape: [1, 28, 28],
    create: (c) => new MLP({ inFeatures: 784, hidden: [256], outFeatures: 10, ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
    pretrained: 'mlp-mnist',
  },
  logistic: {
    description: 'multinomial logistic regression on 784 pixels',
    inputShape: [1, 28, 28],
    create: (c) => new LogisticRegression({ inFeatures: 784, numClasses: 10, ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
  },
  perceptron: {
    description: "Rosenblatt's perceptron (its own learning rule; binary 0/1 targets)",
    inputShape: [784],
    create: (c) => new Perceptron({ inFeatures: 784, ...(c as object) }),
    classifier: false,
  },
  ...CNN_ZOO,
  ...ZOO_PART3,
};

/**
 * Looks a model up by name, with a helpful error listing the names.
 *
 * @example
 * ```ts
 * const net = zooEntry('lenet5').create();
 * ```
 */
export function zooEntry(name: string): ZooEntry {
  const e = Object.hasOwn(ZOO, name) ? ZOO[name] : undefined;
  if (!e) throw new ValueError(`unknown model '${name}' (available: ${Object.keys(ZOO).join(', ')})`);
  return e;
}
