// Zoo entries for the ImageNet CNNs (torchvision names) and the small
// configurations the CLI trains on 28x28 grayscale datasets.
import { AlexNet } from './cnn/alexnet.js';
import { VGG } from './cnn/vgg.js';
import * as f from './cnn-factories.js';
import { IMAGENET_CLASSES } from './imagenet-classes.js';
import { IMAGENET_PREPROCESSING, MNIST_PREPROCESSING } from './preprocessing.js';
import type { ZooEntry } from './registry.js';

const IMAGENET = [3, 224, 224] as const;

function imagenet(description: string, create: ZooEntry['create']): ZooEntry {
  return { description, inputShape: IMAGENET, create, classifier: true, preprocessing: IMAGENET_PREPROCESSING, classes: IMAGENET_CLASSES };
}

/** A CIFAR ResNet entry: 32x32 RGB by default, adapted to the dataset's channels by `dendrite train`. */
function cifar(depth: 20 | 32 | 44 | 56, params: string): ZooEntry {
  const make = { 20: f.resnet20, 32: f.resnet32, 44: f.resnet44, 56: f.resnet56 }[depth];
  return {
    description: `ResNet-${depth} for 32x32 images (He et al. 2015, option-A shortcuts, ${params} parameters with 10 classes)`,
    inputShape: [3, 32, 32],
    create: (c) => make(c as never),
    classifier: true,
    adapt: (shape, numClasses) => ({ inChannels: shape[0], numClasses }),
  };
}

/** Every CNN entry by name. */
export const CNN_ZOO: Readonly<Record<string, ZooEntry>> = {
  alexnet: imagenet('AlexNet, torchvision layout (61,100,840 parameters)', (c) => f.alexnet(c as never)),
  'alexnet-lrn': imagenet('AlexNet as in the paper: 96-256-384-384-256 channels, LRN (62,378,344 parameters)', (c) => new AlexNet({ ...(c as object), lrn: true })),
  zfnet: imagenet('ZFNet (Zeiler & Fergus 2013): 7x7 stride-2 first conv (62,357,608 parameters)', (c) => f.zfnet(c as never)),
  vgg11: imagenet('VGG-11 (132,863,336 parameters)', (c) => new VGG({ ...(c as object), depth: 11 })),
  vgg11_bn: imagenet('VGG-11 with batch norm (132,868,840 parameters)', (c) => new VGG({ ...(c as object), depth: 11, batchNorm: true })),
  vgg13: imagenet('VGG-13 (133,047,848 parameters)', (c) => new VGG({ ...(c as object), depth: 13 })),
  vgg13_bn: imagenet('VGG-13 with batch norm (133,053,736 parameters)', (c) => new VGG({ ...(c as object), depth: 13, batchNorm: true })),
  vgg16: imagenet('VGG-16 (138,357,544 parameters)', (c) => new VGG({ ...(c as object), depth: 16 })),
  vgg16_bn: imagenet('VGG-16 with batch norm (138,365,992 parameters)', (c) => new VGG({ ...(c as object), depth: 16, batchNorm: true })),
  vgg19: imagenet('VGG-19 (143,667,240 parameters)', (c) => new VGG({ ...(c as object), depth: 19 })),
  vgg19_bn: imagenet('VGG-19 with batch norm (143,678,248 parameters)', (c) => new VGG({ ...(c as object), depth: 19, batchNorm: true })),
  googlenet: imagenet('GoogLeNet / Inception v1 with auxiliary heads (6,624,904 parameters without them)', (c) => f.googlenet(c as never)),
  resnet18: imagenet('ResNet-18 (11,689,512 parameters)', (c) => f.resnet18(c as never)),
  resnet34: imagenet('ResNet-34 (21,797,672 parameters)', (c) => f.resnet34(c as never)),
  resnet50: imagenet('ResNet-50 (25,557,032 parameters)', (c) => f.resnet50(c as never)),
  resnet101: imagenet('ResNet-101 (44,549,160 parameters)', (c) => f.resnet101(c as never)),
  resnet152: imagenet('ResNet-152 (60,192,808 parameters)', (c) => f.resnet152(c as never)),
  resnet20: cifar(20, '269,722'),
  resnet32: cifar(32, '464,154'),
  resnet44: cifar(44, '658,586'),
  resnet56: cifar(56, '853,018'),
  'alexnet-small': {
    description: 'AlexNet at quarter width for 28x28 digits: 5x5 stride-1 first conv, 256-unit hidden layers',
    inputShape: [1, 28, 28],
    create: (c) => new AlexNet({ inChannels: 1, numClasses: 10, width: 0.25, hidden: 256, poolSize: 2, stem: [5, 1, 2], ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
  },
  'vgg11-small': {
    description: 'VGG-11 with batch norm at 1/8 width for 28x28 digits (ceil-mode pools, 256-unit hidden layers)',
    inputShape: [1, 28, 28],
    create: (c) => new VGG({ depth: 11, batchNorm: true, inChannels: 1, numClasses: 10, width: 0.125, hidden: 256, poolSize: 1, ceilMode: true, ...(c as object) }),
    classifier: true,
    preprocessing: MNIST_PREPROCESSING,
  },
};
