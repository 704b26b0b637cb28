// ResNet (He, Zhang, Ren, Sun 2015) for ImageNet, as torchvision builds it.
import { flatten, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AdaptiveAvgPool2d, BatchNorm2d, Conv2d, convBatchNorm, Linear, MaxPool2d, Module, ReLU, Sequential } from '@dendrite/layers';
import { type CnnOptions, initCnn, intOption, scaled, widthOption } from './options.js';
import { BasicBlock, Bottleneck, projection } from './resnet-blocks.js';

/** Blocks per stage for each depth, and which block. */
export const RESNET_LAYERS = {
  18: { block: 'basic', layers: [2, 2, 2, 2] },
  34: { block: 'basic', layers: [3, 4, 6, 3] },
  50: { block: 'bottleneck', layers: [3, 4, 6, 3] },
  101: { block: 'bottleneck', layers: [3, 4, 23, 3] },
  152: { block: 'bottleneck', layers: [3, 8, 36, 3] },
} as const;

/** Options of `ResNet`. */
export interface ResNetOptions extends CnnOptions {
  /** 18 (default), 34, 50, 101 or 152 layers. */
  depth?: 18 | 34 | 50 | 101 | 152;
  /** Channel multiplier (default 1: stages of 64, 128, 256, 512 planes). */
  width?: number;
  /**
   * Small-image stem: a 3x3 stride-1 first convolution and no max pool
   * (for 28x28/32x32 inputs; default false, torchvision's 7x7 stride 2 + pool).
   */
  smallInput?: boolean;
  /** Blocks per stage, overriding the depth's (e.g. [1, 1, 1, 1] for a tiny test model of the same block type). */
  blocks?: readonly [number, number, number, number];
}

/**
 * ResNet-18/34/50/101/152 with torchvision's names and layout (stride on
 * the 3x3 convolution of bottlenecks, "v1.5"; projection shortcuts named
 * `layerN.0.downsample`). Parameters with 1000 classes: 11,689,512 /
 * 21,797,672 / 25,557,032 / 44,549,160 / 60,192,808.
 *
 * @example
 * ```ts
 * const net = new ResNet({ depth: 50 });
 * net.forward(randn([1, 3, 224, 224])).shape; // [1, 1000]
 * ```
 */
export class ResNet extends Module {
  /** Number of layers: 18 (default), 34, 50, 101 or 152. */
  readonly depth: 18 | 34 | 50 | 101 | 152;
  /** Number of output classes (default 1000). */
  readonly numClasses: number;
  /** Input image channels (default 3). */
  readonly inChannels: number;
  /** Channel multiplier (default 1). */
  readonly width: number;
  /** Whether the small-image stem is used (3x3 stride-1 `conv1`, no max pool; default false). */
  readonly smallInput: boolean;
  /** Blocks in each of the four stages (the depth's, unless overridden). */
  readonly blocks: readonly [number, number, number, number];
  /** Stem convolution to 64 channels (7x7 stride 2, or 3x3 stride 1 with `smallInput`), no bias. */
  conv1: Conv2d;
  /** Batch norm after `conv1`. */
  bn1: BatchNorm2d;
  /** ReLU after `bn1`. */
  relu = new ReLU();
  /** 3x3 stride-2 max pool after the stem, or null with `smallInput`. */
  maxpool: MaxPool2d | null;
  /** Stage 1: 64 planes, stride 1. */
  layer1: Sequential;
  /** Stage 2: 128 planes, stride 2. */
  layer2: Sequential;
  /** Stage 3: 256 planes, stride 2. */
  layer3: Sequential;
  /** Stage 4: 512 planes, stride 2. */
  layer4: Sequential;
  /** Global average pool to 1x1. */
  avgpool = new AdaptiveAvgPool2d([1, 1]);
  /** Final classifier: 512 (basic) or 2048 (bottleneck) features, times `width`, to `numClasses`. */
  fc: Linear;

  /**
   * Builds the network with He-initialized convolutions.
   *
   * @param options - depth, classes, input channels, width, stem and blocks per stage
   */
  constructor(options: ResNetOptions = {}) {
    super();
    this.depth = options.depth ?? 18;
    if (!Object.hasOwn(RESNET_LAYERS, this.depth)) throw new ValueError(`resnet: 'depth' must be 18, 34, 50, 101 or 152, got ${JSON.stringify(options.depth)}`);
    this.numClasses = intOption('resnet', 'numClasses', options.numClasses, 1000);
    this.inChannels = intOption('resnet', 'inChannels', options.inChannels, 3);
    this.width = widthOption('resnet', options.width);
    this.smallInput = options.smallInput ?? false;
    const spec = RESNET_LAYERS[this.depth];
    const blocks = options.blocks ?? spec.layers;
    if (!Array.isArray(blocks) || blocks.length !== 4 || !blocks.every((b) => Number.isInteger(b) && b >= 1)) {
      throw new ValueError(`resnet: 'blocks' must be four positive integers, got ${JSON.stringify(options.blocks)}`);
    }
    this.blocks = [blocks[0], blocks[1], blocks[2], blocks[3]];
    const Block = spec.block === 'basic' ? BasicBlock : Bottleneck;
    let inC = scaled(64, this.width);
    this.conv1 = this.smallInput
      ? new Conv2d(this.inChannels, inC, 3, { padding: 1, bias: false })
      : new Conv2d(this.inChannels, inC, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new BatchNorm2d(inC);
    this.maxpool = this.smallInput ? null : new MaxPool2d(3, { stride: 2, padding: 1 });
    const stage = (planes: number, blocks: number, stride: number): Sequential => {
      const out = planes * Block.expansion;
      const seq = new Sequential(new Block(inC, planes, stride, stride !== 1 || inC !== out ? projection(inC, out, stride) : null));
      inC = out;
      for (let i = 1; i < blocks; i++) seq.append(new Block(inC, planes));
      return seq;
    };
    this.layer1 = stage(scaled(64, this.width), this.blocks[0], 1);
    this.layer2 = stage(scaled(128, this.width), this.blocks[1], 2);
    this.layer3 = stage(scaled(256, this.width), this.blocks[2], 2);
    this.layer4 = stage(scaled(512, this.width), this.blocks[3], 2);
    this.fc = new Linear(inC, this.numClasses);
    initCnn(this);
  }

  /** One input sample's shape, used by `summary()` without arguments: [C, 224, 224] (the final pool is adaptive). */
  get inputShape(): [number, number, number] {
    return [this.inChannels, 224, 224];
  }

  override config(): Record<string, unknown> {
    const { depth, numClasses, inChannels, width, smallInput, blocks } = this;
    return { depth, numClasses, inChannels, width, smallInput, blocks };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      let y = convBatchNorm(this.conv1, this.bn1, x, 'relu'); // = relu(bn1(conv1(x))), folded at inference
      if (this.maxpool) y = this.maxpool.forward(y);
      for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) y = layer.forward(y);
      return this.fc.forward(flatten(this.avgpool.forward(y), 1));
    });
  }
}
