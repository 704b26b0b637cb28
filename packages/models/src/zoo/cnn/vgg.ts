// VGG (Simonyan & Zisserman 2014) with torchvision's layout: `features`
// (3x3 convolutions, optional batch norm, 2x2 max pools), `avgpool`
// (adaptive, 7x7) and `classifier` (4096-4096-classes with dropout).
import { flatten, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Dropout, Linear, MaxPool2d, Module, ReLU, Sequential, type TensorModule } from '@dendrite/layers';
import { type CnnOptions, initCnn, intOption, scaled, widthOption } from './options.js';

/** The four depths of the paper's table 1 (configurations A, B, D, E): channels, 'M' = max pool. */
export const VGG_CONFIGS = {
  11: [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  13: [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  16: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  19: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
} as const;

/** Options of `VGG`. */
export interface VGGOptions extends CnnOptions {
  /** 11, 13, 16 (default) or 19 weight layers. */
  depth?: 11 | 13 | 16 | 19;
  /** Batch norm after every convolution (torchvision's `vgg16_bn`). */
  batchNorm?: boolean;
  /** Channel multiplier for every convolution (default 1). */
  width?: number;
  /** Units of the two hidden fully connected layers (default 4096). */
  hidden?: number;
  /** Dropout probability (default 0.5). */
  dropout?: number;
  /** Side of the adaptive average pool (default 7). */
  poolSize?: number;
  /**
   * Max pools round up (PyTorch's `ceil_mode`), so five pools fit a 28x28
   * input (28, 14, 7, 4, 2, 1) — for small variants; default false.
   */
  ceilMode?: boolean;
}

/**
 * VGG-11/13/16/19 with or without batch norm; torchvision's names and
 * initialization. Parameter counts with 1000 classes: vgg11 132,863,336,
 * vgg13 133,047,848, vgg16 138,357,544, vgg19 143,667,240 (the `_bn`
 * variants add 2 per channel: 132,868,840 / 133,053,736 / 138,365,992 /
 * 143,678,248).
 *
 * @example
 * ```ts
 * const net = new VGG({ depth: 16 });
 * const small = new VGG({ depth: 11, batchNorm: true, inChannels: 1, numClasses: 10, width: 0.125, hidden: 256, poolSize: 1, ceilMode: true });
 * small.forward(randn([2, 1, 28, 28])).shape; // [2, 10]
 * ```
 */
export class VGG extends Module {
  /** Number of weight layers: 11, 13, 16 (default) or 19. */
  readonly depth: 11 | 13 | 16 | 19;
  /** Whether each convolution is followed by batch norm (default false). */
  readonly batchNorm: boolean;
  /** Number of output classes (default 1000). */
  readonly numClasses: number;
  /** Input image channels (default 3). */
  readonly inChannels: number;
  /** Channel multiplier of the convolutions (default 1). */
  readonly width: number;
  /** Units of the two hidden fully connected layers (default 4096). */
  readonly hidden: number;
  /** Dropout probability in the classifier (default 0.5). */
  readonly dropout: number;
  /** Side of the adaptive average pool before the classifier (default 7). */
  readonly poolSize: number;
  /** Whether the max pools round up (default false). */
  readonly ceilMode: boolean;
  /** The convolution stack: 3x3 convolutions (+ batch norm) + ReLU, and 2x2 max pools. */
  features: Sequential;
  /** Adaptive average pool to `poolSize` x `poolSize`. */
  avgpool: AdaptiveAvgPool2d;
  /** Linear-ReLU-Dropout twice, then Linear to `numClasses`. */
  classifier: Sequential;

  /**
   * Builds the network with He-initialized convolutions and N(0, 0.01²) linear weights.
   *
   * @param options - depth, batch norm, classes, input channels, width, hidden units, dropout, pool size and ceil mode
   */
  constructor(options: VGGOptions = {}) {
    super();
    this.depth = options.depth ?? 16;
    if (!Object.hasOwn(VGG_CONFIGS, this.depth)) throw new ValueError(`vgg: 'depth' must be 11, 13, 16 or 19, got ${JSON.stringify(options.depth)}`);
    this.batchNorm = options.batchNorm ?? false;
    this.numClasses = intOption('vgg', 'numClasses', options.numClasses, 1000);
    this.inChannels = intOption('vgg', 'inChannels', options.inChannels, 3);
    this.width = widthOption('vgg', options.width);
    this.hidden = intOption('vgg', 'hidden', options.hidden, 4096);
    this.poolSize = intOption('vgg', 'poolSize', options.poolSize, 7);
    this.dropout = options.dropout ?? 0.5;
    this.ceilMode = options.ceilMode ?? false;
    const layers: TensorModule[] = [];
    let c = this.inChannels;
    for (const v of VGG_CONFIGS[this.depth]) {
      if (v === 'M') {
        layers.push(new MaxPool2d(2, { stride: 2, ceilMode: this.ceilMode }));
        continue;
      }
      const out = scaled(v, this.width);
      layers.push(new Conv2d(c, out, 3, { padding: 1 }));
      if (this.batchNorm) layers.push(new BatchNorm2d(out));
      layers.push(new ReLU());
      c = out;
    }
    this.features = new Sequential(...layers);
    this.avgpool = new AdaptiveAvgPool2d([this.poolSize, this.poolSize]);
    this.classifier = new Sequential(
      new Linear(c * this.poolSize * this.poolSize, this.hidden),
      new ReLU(),
      new Dropout(this.dropout),
      new Linear(this.hidden, this.hidden),
      new ReLU(),
      new Dropout(this.dropout),
      new Linear(this.hidden, this.numClasses),
    );
    initCnn(this, { linearStd: 0.01 });
  }

  /** One input sample's shape, used by `summary()` without arguments: [C, 224, 224] (the pool before the classifier is adaptive). */
  get inputShape(): [number, number, number] {
    return [this.inChannels, 224, 224];
  }

  override config(): Record<string, unknown> {
    const { depth, batchNorm, numClasses, inChannels, width, hidden, dropout, poolSize, ceilMode } = this;
    return { depth, batchNorm, numClasses, inChannels, width, hidden, dropout, poolSize, ceilMode };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.classifier.forward(flatten(this.avgpool.forward(this.features.forward(x)), 1)));
  }
}
