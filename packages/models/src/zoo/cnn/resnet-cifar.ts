// The CIFAR-10 ResNets of He et al. 2015 (section 4.2): 6n+2 layers in three
// stages of 16, 32 and 64 channels on 32x32 inputs.
import { avgPool2d, flatten, pad, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AdaptiveAvgPool2d, BatchNorm2d, Conv2d, convBatchNorm, Linear, Module, Sequential, type TensorModule } from '@dendrite/layers';
import { type CnnOptions, initCnn, intOption, scaled, widthOption } from './options.js';
import { BasicBlock, projection } from './resnet-blocks.js';

/**
 * Option A shortcut of the paper: the input subsampled by the stride and its
 * channels zero-padded to the new width (no parameters).
 *
 * @example
 * ```ts
 * new PadShortcut(16, 32, 2).forward(randn([1, 16, 32, 32])).shape; // [1, 32, 16, 16]
 * ```
 */
export class PadShortcut extends Module {
  /** Creates the shortcut (it has no parameters). */
  constructor(
    /** Channels of the input. */
    readonly inChannels: number,
    /** Channels of the output (the difference is zero-padded, split between both sides). */
    readonly outChannels: number,
    /** Spatial subsampling factor (1 keeps the size). */
    readonly stride: number,
  ) {
    super();
  }

  override config(): Record<string, unknown> {
    return { inChannels: this.inChannels, outChannels: this.outChannels, stride: this.stride };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      // A 1x1 average pool with stride s is x[:, :, ::s, ::s].
      const sub = this.stride === 1 ? x : avgPool2d(x, { kernelSize: 1, stride: this.stride });
      const extra = this.outChannels - this.inChannels;
      return pad(sub, [[0, 0], [Math.floor(extra / 2), extra - Math.floor(extra / 2)], [0, 0], [0, 0]]);
    });
  }
}

/** Options of `CifarResNet`. */
export interface CifarResNetOptions extends CnnOptions {
  /** 6n+2 layers: 20 (default), 32, 44, 56, 110, ... */
  depth?: number;
  /** Channel multiplier (default 1: stages of 16, 32, 64). */
  width?: number;
  /** 'A' (default, the paper's CIFAR choice): zero-padded identity shortcuts; 'B': 1x1 projections where the shape changes. */
  shortcut?: 'A' | 'B';
}

/**
 * ResNet-20/32/44/56 for 32x32 (or 28x28) images, with option-A shortcuts as
 * in the paper: resnet20 has 269,722 parameters with 10 classes (the
 * paper's table 6 says 0.27M), resnet32 464,154 (0.46M), resnet44 658,586
 * (0.66M), resnet56 853,018 (0.85M). Module names follow torchvision's
 * ResNet (conv1, bn1, layer1-3, fc).
 *
 * @example
 * ```ts
 * const net = new CifarResNet({ depth: 20, inChannels: 1, numClasses: 10 });
 * net.forward(randn([2, 1, 28, 28])).shape; // [2, 10]
 * ```
 */
export class CifarResNet extends Module {
  /** Number of layers, 6n+2 (default 20). */
  readonly depth: number;
  /** Number of output classes (default 10). */
  readonly numClasses: number;
  /** Input image channels (default 3). */
  readonly inChannels: number;
  /** Channel multiplier (default 1). */
  readonly width: number;
  /** Shortcut where the shape changes: 'A' zero-padded identity (default) or 'B' 1x1 projection. */
  readonly shortcut: 'A' | 'B';
  /** 3x3 stem convolution to 16 channels (times `width`), no bias. */
  conv1: Conv2d;
  /** Batch norm after `conv1`. */
  bn1: BatchNorm2d;
  /** Stage 1: n basic blocks of 16 channels, stride 1. */
  layer1: Sequential;
  /** Stage 2: n basic blocks of 32 channels, stride 2. */
  layer2: Sequential;
  /** Stage 3: n basic blocks of 64 channels, stride 2. */
  layer3: Sequential;
  /** Global average pool to 1x1. */
  avgpool = new AdaptiveAvgPool2d([1, 1]);
  /** Final classifier: 64 features (times `width`) to `numClasses`. */
  fc: Linear;

  /**
   * Builds the network with He-initialized convolutions.
   *
   * @param options - depth, classes, input channels, width and shortcut type
   */
  constructor(options: CifarResNetOptions = {}) {
    super();
    this.depth = options.depth ?? 20;
    if (!Number.isInteger(this.depth) || this.depth < 8 || (this.depth - 2) % 6 !== 0) {
      throw new ValueError(`resnet (CIFAR): 'depth' must be 6n+2 with n >= 1 (20, 32, 44, 56, 110), got ${JSON.stringify(options.depth)}`);
    }
    this.numClasses = intOption('resnet (CIFAR)', 'numClasses', options.numClasses, 10);
    this.inChannels = intOption('resnet (CIFAR)', 'inChannels', options.inChannels, 3);
    this.width = widthOption('resnet (CIFAR)', options.width);
    this.shortcut = options.shortcut ?? 'A';
    if (this.shortcut !== 'A' && this.shortcut !== 'B') throw new ValueError(`resnet (CIFAR): 'shortcut' must be 'A' or 'B', got ${JSON.stringify(options.shortcut)}`);
    const n = (this.depth - 2) / 6;
    let inC = scaled(16, this.width);
    this.conv1 = new Conv2d(this.inChannels, inC, 3, { padding: 1, bias: false });
    this.bn1 = new BatchNorm2d(inC);
    const stage = (planes: number, stride: number): Sequential => {
      let down: TensorModule | null = null;
      if (stride !== 1 || inC !== planes) down = this.shortcut === 'A' ? new PadShortcut(inC, planes, stride) : projection(inC, planes, stride);
      const seq = new Sequential(new BasicBlock(inC, planes, stride, down));
      inC = planes;
      for (let i = 1; i < n; i++) seq.append(new BasicBlock(inC, planes));
      return seq;
    };
    this.layer1 = stage(scaled(16, this.width), 1);
    this.layer2 = stage(scaled(32, this.width), 2);
    this.layer3 = stage(scaled(64, this.width), 2);
    this.fc = new Linear(inC, this.numClasses);
    initCnn(this);
  }

  /** One input sample's shape, used by `summary()` without arguments: [C, 32, 32] (28x28 works as well). */
  get inputShape(): [number, number, number] {
    return [this.inChannels, 32, 32];
  }

  override config(): Record<string, unknown> {
    const { depth, numClasses, inChannels, width, shortcut } = this;
    return { depth, numClasses, inChannels, width, shortcut };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      let y = convBatchNorm(this.conv1, this.bn1, x, 'relu'); // = relu(bn1(conv1(x))), folded at inference
      y = this.layer3.forward(this.layer2.forward(this.layer1.forward(y)));
      return this.fc.forward(flatten(this.avgpool.forward(y), 1));
    });
  }
}
