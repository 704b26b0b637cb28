// The ImageNet-era CNNs (AlexNet, ZFNet, VGG, GoogLeNet, ResNet) and their small variants.
export { AlexNet, ZFNet, type AlexNetOptions } from './alexnet.js';
export { VGG, VGG_CONFIGS, type VGGOptions } from './vgg.js';
export { GoogLeNet, Inception, InceptionAux, BasicConv2d, type GoogLeNetOptions, type GoogLeNetOutputs } from './googlenet.js';
export { ResNet, RESNET_LAYERS, type ResNetOptions } from './resnet.js';
export { BasicBlock, Bottleneck } from './resnet-blocks.js';
export { CifarResNet, PadShortcut, type CifarResNetOptions } from './resnet-cifar.js';
export type { CnnOptions } from './options.js';
