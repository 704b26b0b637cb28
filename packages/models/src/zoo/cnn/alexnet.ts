// AlexNet (Krizhevsky, Sutskever, Hinton 2012) and ZFNet (Zeiler & Fergus
// 2013): five convolutions and three fully connected layers, with
// torchvision's module names (features / avgpool / classifier).
import { flatten, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AdaptiveAvgPool2d, Conv2d, Dropout, Linear, LocalResponseNorm, MaxPool2d, Module, ReLU, Sequential, type TensorModule } from '@dendrite/layers';
import { type CnnOptions, intOption, scaled, widthOption } from './options.js';

/** Options of the AlexNet family (AlexNet, AlexNet with LRN, ZFNet). */
export interface AlexNetOptions extends CnnOptions {
  /** Channel multiplier for every convolution (default 1): 0.25 gives a quarter-width model. */
  width?: number;
  /** Units of the two hidden fully connected layers (default 4096). */
  hidden?: number;
  /** Dropout probability before the hidden layers (default 0.5). */
  dropout?: number;
  /** Side of the adaptive average pool before the classifier (default 6). */
  poolSize?: number;
  /** First convolution's [kernel, stride, padding] (default the paper's); small inputs use e.g. [5, 1, 2]. */
  stem?: readonly [number, number, number];
}

interface FamilySpec {
  name: string;
  channels: readonly [number, number, number, number, number];
  stem: readonly [number, number, number];
  /** conv2's [kernel, stride, padding]. */
  conv2: readonly [number, number, number];
  /** Where the LRN of the first two stages goes: none, after the ReLU (AlexNet paper) or after the pool (ZFNet). */
  lrn: 'none' | 'afterRelu' | 'afterPool';
  /** Padding of the first two max pools (ZFNet pads them to keep 55 and 13). */
  poolPadding: number;
}

/** Builds features / avgpool / classifier for one member of the family. */
abstract class AlexNetFamily extends Module {
  readonly numClasses: number;
  readonly inChannels: number;
  readonly width: number;
  readonly hidden: number;
  readonly dropout: number;
  readonly poolSize: number;
  readonly stem: readonly [number, number, number];
  features: Sequential;
  avgpool: AdaptiveAvgPool2d;
  classifier: Sequential;

  constructor(spec: FamilySpec, options: AlexNetOptions) {
    super();
    const n = spec.name;
    this.numClasses = intOption(n, 'numClasses', options.numClasses, 1000);
    this.inChannels = intOption(n, 'inChannels', options.inChannels, 3);
    this.width = widthOption(n, options.width);
    this.hidden = intOption(n, 'hidden', options.hidden, 4096);
    this.poolSize = intOption(n, 'poolSize', options.poolSize, 6);
    this.dropout = options.dropout ?? 0.5;
    const stem = options.stem ?? spec.stem;
    if (!Array.isArray(stem) || stem.length !== 3 || !stem.every((v, i) => Number.isInteger(v) && v >= (i === 2 ? 0 : 1))) {
      throw new ValueError(`${n}: 'stem' must be [kernel, stride, padding] integers, got ${JSON.stringify(options.stem)}`);
    }
    this.stem = [stem[0], stem[1], stem[2]];
    const [c1, c2, c3, c4, c5] = spec.channels.map((c) => scaled(c, this.width));
    const lrn = () => new LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 });
    const pool = (padding: number) => new MaxPool2d(3, { stride: 2, padding });
    const stage = (conv: Conv2d, poolPadding: number): TensorModule[] => {
      if (spec.lrn === 'afterRelu') return [conv, new ReLU(), lrn(), pool(poolPadding)];
      if (spec.lrn === 'afterPool') return [conv, new ReLU(), pool(poolPadding), lrn()];
      return [conv, new ReLU(), pool(poolPadding)];
    };
    this.features = new Sequential(
      ...stage(new Conv2d(this.inChannels, c1, this.stem[0], { stride: this.stem[1], padding: this.stem[2] }), spec.poolPadding),
      ...stage(new Conv2d(c1, c2, spec.conv2[0], { stride: spec.conv2[1], padding: spec.conv2[2] }), spec.poolPadding),
      new Conv2d(c2, c3, 3, { padding: 1 }),
      new ReLU(),
      new Conv2d(c3, c4, 3, { padding: 1 }),
      new ReLU(),
      new Conv2d(c4, c5, 3, { padding: 1 }),
      new ReLU(),
      pool(0),
    );
    this.avgpool = new AdaptiveAvgPool2d([this.poolSize, this.poolSize]);
    this.classifier = new Sequential(
      new Dropout(this.dropout),
      new Linear(c5 * this.poolSize * this.poolSize, this.hidden),
      new ReLU(),
      new Dropout(this.dropout),
      new Linear(this.hidden, this.hidden),
      new ReLU(),
      new Linear(this.hidden, this.numClasses),
    );
  }

  /** One input sample's shape, used by `summary()` without arguments: [C, 224, 224] (any size from 63 works: the pool before the classifier is adaptive). */
  get inputShape(): [number, number, number] {
    return [this.inChannels, 224, 224];
  }

  override config(): Record<string, unknown> {
    const { numClasses, inChannels, width, hidden, dropout, poolSize, stem } = this;
    return { numClasses, inChannels, width, hidden, dropout, poolSize, stem };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.classifier.forward(flatten(this.avgpool.forward(this.features.forward(x)), 1)));
  }
}

/**
 * AlexNet. The default is torchvision's single-tower `alexnet` (64-192-384-
 * 256-256 channels, no LRN, 61,100,840 parameters), whose state dicts load
 * directly. `lrn: true` gives the network of the paper: 96-256-384-384-256
 * channels with local response normalization (size 5, α 1e-4, β 0.75, k 2)
 * after the ReLUs of conv1 and conv2, 62,378,344 parameters. Deliberate
 * difference: the paper split conv2/4/5 over two GPUs (grouped
 * convolutions); this is the one-tower form, as torchvision's.
 *
 * @example
 * ```ts
 * const net = new AlexNet();                        // torchvision layout, 224x224 RGB
 * const paper = new AlexNet({ lrn: true });
 * const small = new AlexNet({ inChannels: 1, numClasses: 10, width: 0.25, hidden: 256, poolSize: 2, stem: [5, 1, 2] }); // 28x28 digits
 * small.forward(randn([2, 1, 28, 28])).shape; // [2, 10]
 * ```
 */
export class AlexNet extends AlexNetFamily {
  /** Whether this is the paper's network with local response normalization (default false: torchvision's). */
  readonly lrn: boolean;

  /**
   * Builds AlexNet (torchvision's layout, or the paper's with `lrn: true`).
   *
   * @param options - classes, input channels, width, hidden units, dropout, pool size, stem, and `lrn`
   */
  constructor(options: AlexNetOptions & { lrn?: boolean } = {}) {
    const lrn = options.lrn ?? false;
    super(
      lrn
        ? { name: 'alexnet-lrn', channels: [96, 256, 384, 384, 256], stem: [11, 4, 2], conv2: [5, 1, 2], lrn: 'afterRelu', poolPadding: 0 }
        : { name: 'alexnet', channels: [64, 192, 384, 256, 256], stem: [11, 4, 2], conv2: [5, 1, 2], lrn: 'none', poolPadding: 0 },
      options,
    );
    this.lrn = lrn;
  }

  /** The constructor options that rebuild this model, with `lrn`. */
  override config(): Record<string, unknown> {
    return { ...super.config(), lrn: this.lrn };
  }
}

/**
 * ZFNet (Zeiler & Fergus 2013, "Visualizing and Understanding Convolutional
 * Networks", Fig. 3): AlexNet with a 7x7 stride-2 first convolution, a 5x5
 * stride-2 second convolution, 3x3 stride-2 max pools, contrast (local
 * response) normalization after the first two pools, and 96-256-384-384-256
 * channels. On 224x224 inputs the maps are 110, 55, 26, 13, 13, 13 and 6 as
 * in the figure (conv1 padding 1; the first two pools padding 1).
 * 62,357,608 parameters (counted from the figure's layer sizes: 14,208 +
 * 614,656 + 885,120 + 1,327,488 + 884,992 convolution and 58,631,144 fully
 * connected parameters, with biases; the paper prints no total).
 *
 * @example
 * ```ts
 * new ZFNet().forward(randn([1, 3, 224, 224])).shape; // [1, 1000]
 * ```
 */
export class ZFNet extends AlexNetFamily {
  /**
   * Builds ZFNet.
   *
   * @param options - classes, input channels, width, hidden units, dropout, pool size and stem
   */
  constructor(options: AlexNetOptions = {}) {
    super({ name: 'zfnet', channels: [96, 256, 384, 384, 256], stem: [7, 2, 1], conv2: [5, 2, 0], lrn: 'afterPool', poolPadding: 1 }, options);
  }
}
