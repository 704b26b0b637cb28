// torchvision-named builders: `resnet18()`, `vgg16_bn({ numClasses: 10 })`, ...
import { AlexNet, type AlexNetOptions, ZFNet } from './cnn/alexnet.js';
import { GoogLeNet, type GoogLeNetOptions } from './cnn/googlenet.js';
import { ResNet, type ResNetOptions } from './cnn/resnet.js';
import { CifarResNet, type CifarResNetOptions } from './cnn/resnet-cifar.js';
import { VGG, type VGGOptions } from './cnn/vgg.js';

type VggOpts = Omit<VGGOptions, 'depth' | 'batchNorm'>;
type ResOpts = Omit<ResNetOptions, 'depth'>;
type CifarOpts = Omit<CifarResNetOptions, 'depth'>;

/**
 * torchvision's `alexnet` (61,100,840 parameters).
 *
 * @example
 * ```ts
 * const net = alexnet({ numClasses: 10 });
 * ```
 */
export const alexnet = (o: AlexNetOptions = {}): AlexNet => new AlexNet(o);
/**
 * AlexNet as in the paper: 96-256-384-384-256 channels, LRN after conv1/conv2 (62,378,344 parameters).
 *
 * @example
 * ```ts
 * const net = alexnetLrn();
 * ```
 */
export const alexnetLrn = (o: AlexNetOptions = {}): AlexNet => new AlexNet({ ...o, lrn: true });
/**
 * ZFNet (62,357,608 parameters).
 *
 * @example
 * ```ts
 * const net = zfnet();
 * ```
 */
export const zfnet = (o: AlexNetOptions = {}): ZFNet => new ZFNet(o);
/**
 * VGG-11 (132,863,336 parameters).
 *
 * @example
 * ```ts
 * const net = vgg11();
 * ```
 */
export const vgg11 = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 11 });
/**
 * VGG-11 with batch norm.
 *
 * @example
 * ```ts
 * const net = vgg11_bn();
 * ```
 */
export const vgg11_bn = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 11, batchNorm: true });
/**
 * VGG-13.
 *
 * @example
 * ```ts
 * const net = vgg13();
 * ```
 */
export const vgg13 = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 13 });
/**
 * VGG-13 with batch norm.
 *
 * @example
 * ```ts
 * const net = vgg13_bn();
 * ```
 */
export const vgg13_bn = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 13, batchNorm: true });
/**
 * VGG-16 (138,357,544 parameters).
 *
 * @example
 * ```ts
 * const net = vgg16();
 * ```
 */
export const vgg16 = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 16 });
/**
 * VGG-16 with batch norm.
 *
 * @example
 * ```ts
 * const net = vgg16_bn();
 * ```
 */
export const vgg16_bn = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 16, batchNorm: true });
/**
 * VGG-19.
 *
 * @example
 * ```ts
 * const net = vgg19();
 * ```
 */
export const vgg19 = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 19 });
/**
 * VGG-19 with batch norm.
 *
 * @example
 * ```ts
 * const net = vgg19_bn();
 * ```
 */
export const vgg19_bn = (o: VggOpts = {}): VGG => new VGG({ ...o, depth: 19, batchNorm: true });
/**
 * GoogLeNet (Inception v1), auxiliary heads on by default.
 *
 * @example
 * ```ts
 * const net = googlenet({ auxLogits: false });
 * ```
 */
export const googlenet = (o: GoogLeNetOptions = {}): GoogLeNet => new GoogLeNet(o);
/**
 * ResNet-18 (11,689,512 parameters).
 *
 * @example
 * ```ts
 * const net = resnet18({ numClasses: 10 });
 * ```
 */
export const resnet18 = (o: ResOpts = {}): ResNet => new ResNet({ ...o, depth: 18 });
/**
 * ResNet-34.
 *
 * @example
 * ```ts
 * const net = resnet34();
 * ```
 */
export const resnet34 = (o: ResOpts = {}): ResNet => new ResNet({ ...o, depth: 34 });
/**
 * ResNet-50 (25,557,032 parameters).
 *
 * @example
 * ```ts
 * const net = resnet50();
 * ```
 */
export const resnet50 = (o: ResOpts = {}): ResNet => new ResNet({ ...o, depth: 50 });
/**
 * ResNet-101.
 *
 * @example
 * ```ts
 * const net = resnet101();
 * ```
 */
export const resnet101 = (o: ResOpts = {}): ResNet => new ResNet({ ...o, depth: 101 });
/**
 * ResNet-152.
 *
 * @example
 * ```ts
 * const net = resnet152();
 * ```
 */
export const resnet152 = (o: ResOpts = {}): ResNet => new ResNet({ ...o, depth: 152 });
/**
 * CIFAR ResNet-20 (He et al.; 10 classes by default).
 *
 * @example
 * ```ts
 * const net = resnet20({ inChannels: 1 });
 * ```
 */
export const resnet20 = (o: CifarOpts = {}): CifarResNet => new CifarResNet({ ...o, depth: 20 });
/**
 * CIFAR ResNet-32.
 *
 * @example
 * ```ts
 * const net = resnet32();
 * ```
 */
export const resnet32 = (o: CifarOpts = {}): CifarResNet => new CifarResNet({ ...o, depth: 32 });
/**
 * CIFAR ResNet-44.
 *
 * @example
 * ```ts
 * const net = resnet44();
 * ```
 */
export const resnet44 = (o: CifarOpts = {}): CifarResNet => new CifarResNet({ ...o, depth: 44 });
/**
 * CIFAR ResNet-56.
 *
 * @example
 * ```ts
 * const net = resnet56();
 * ```
 */
export const resnet56 = (o: CifarOpts = {}): CifarResNet => new CifarResNet({ ...o, depth: 56 });
