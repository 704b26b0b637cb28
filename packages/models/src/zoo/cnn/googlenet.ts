// GoogLeNet / Inception v1 (Szegedy et al. 2014) as torchvision builds it:
// every convolution is conv (no bias) + batch norm (eps 1e-3) + ReLU.
import { adaptiveAvgPool2d, add, concat, flatten, mul, relu, type Tensor, tidy, ValueError } from '@dendrite/core';
import { AdaptiveAvgPool2d, BatchNorm2d, Conv2d, convBatchNorm, Dropout, Linear, MaxPool2d, Module, Sequential, init } from '@dendrite/layers';
import { type CnnOptions, intOption, scaled, widthOption } from './options.js';

/**
 * Convolution + batch norm + ReLU, torchvision's `BasicConv2d` (names `conv`, `bn`).
 *
 * @example
 * ```ts
 * new BasicConv2d(3, 64, 7, { stride: 2, padding: 3 }).forward(randn([1, 3, 32, 32])).shape; // [1, 64, 16, 16]
 * ```
 */
export class BasicConv2d extends Module {
  /** The convolution, without bias (the batch norm supplies the shift). */
  conv: Conv2d;
  /** Batch norm over the output channels (eps 1e-3, as torchvision). */
  bn: BatchNorm2d;

  /**
   * Builds the convolution (no bias) and its batch norm.
   *
   * @param inC - input channels
   * @param outC - output channels
   * @param kernelSize - square kernel size
   * @param options - stride (default 1) and zero padding (default 0)
   */
  constructor(inC: number, outC: number, kernelSize: number, options: { stride?: number; padding?: number } = {}) {
    super();
    this.conv = new Conv2d(inC, outC, kernelSize, { ...options, bias: false });
    this.bn = new BatchNorm2d(outC, { eps: 0.001 });
  }

  forward(x: Tensor): Tensor {
    return convBatchNorm(this.conv, this.bn, x, 'relu'); // folded into one convolution at inference
  }
}

/**
 * One inception module: 1x1, 1x1→3x3, 1x1→"5x5", 3x3 pool→1x1, concatenated.
 * As torchvision (and its ImageNet weights), the "5x5" branch uses a 3x3
 * convolution.
 *
 * @example
 * ```ts
 * new Inception(192, 64, 96, 128, 16, 32, 32).forward(randn([1, 192, 28, 28])).shape; // [1, 256, 28, 28]
 * ```
 */
export class Inception extends Module {
  /** 1x1 convolution branch (`ch1x1` channels). */
  branch1: BasicConv2d;
  /** 1x1 reduction (`ch3x3red`) then 3x3 convolution (`ch3x3` channels). */
  branch2: Sequential;
  /** 1x1 reduction (`ch5x5red`) then the "5x5" branch, a 3x3 convolution (`ch5x5` channels). */
  branch3: Sequential;
  /** 3x3 max pool (stride 1) then 1x1 projection (`poolProj` channels). */
  branch4: Sequential;

  /**
   * Builds the four branches; the output has `ch1x1 + ch3x3 + ch5x5 + poolProj` channels.
   *
   * @param inC - input channels
   * @param ch1x1 - channels of the 1x1 branch
   * @param ch3x3red - 1x1 reduction before the 3x3 branch
   * @param ch3x3 - channels of the 3x3 branch
   * @param ch5x5red - 1x1 reduction before the "5x5" branch
   * @param ch5x5 - channels of the "5x5" (3x3) branch
   * @param poolProj - channels of the pool projection
   */
  constructor(inC: number, ch1x1: number, ch3x3red: number, ch3x3: number, ch5x5red: number, ch5x5: number, poolProj: number) {
    super();
    this.branch1 = new BasicConv2d(inC, ch1x1, 1);
    this.branch2 = new Sequential(new BasicConv2d(inC, ch3x3red, 1), new BasicConv2d(ch3x3red, ch3x3, 3, { padding: 1 }));
    this.branch3 = new Sequential(new BasicConv2d(inC, ch5x5red, 1), new BasicConv2d(ch5x5red, ch5x5, 3, { padding: 1 }));
    this.branch4 = new Sequential(new MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }), new BasicConv2d(inC, poolProj, 1));
  }

  forward(x: Tensor): Tensor {
    return tidy(() => concat([this.branch1.forward(x), this.branch2.forward(x), this.branch3.forward(x), this.branch4.forward(x)], 1));
  }
}

/**
 * Auxiliary classifier: 4x4 average pool, 1x1 conv to 128, FC 1024 (ReLU,
 * dropout 0.7), FC to the classes.
 *
 * @example
 * ```ts
 * new InceptionAux(512, 10).forward(randn([2, 512, 14, 14])).shape; // [2, 10]
 * ```
 */
export class InceptionAux extends Module {
  /** 1x1 convolution to 128 channels (scaled by `width`) after the 4x4 average pool. */
  conv: BasicConv2d;
  /** Hidden layer: 128·16 features to 1024 (both scaled by `width`). */
  fc1: Linear;
  /** Output layer: to `numClasses` logits. */
  fc2: Linear;
  /** Dropout (p = 0.7) between `fc1` and `fc2`. */
  dropout = new Dropout(0.7);

  /**
   * Builds the auxiliary head.
   *
   * @param inC - input channels
   * @param numClasses - number of output logits
   * @param width - channel multiplier (default 1)
   */
  constructor(inC: number, numClasses: number, width = 1) {
    super();
    const c = scaled(128, width);
    const hidden = scaled(1024, width);
    this.conv = new BasicConv2d(inC, c, 1);
    this.fc1 = new Linear(c * 16, hidden);
    this.fc2 = new Linear(hidden, numClasses);
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      const y = flatten(this.conv.forward(adaptiveAvgPool2d(x, [4, 4])), 1);
      return this.fc2.forward(this.dropout.forward(relu(this.fc1.forward(y))));
    });
  }
}

/** Options of `GoogLeNet`. */
export interface GoogLeNetOptions extends CnnOptions {
  /** Build the two auxiliary classifiers (default true, as torchvision); see `forwardWithAux`. */
  auxLogits?: boolean;
  /**
   * Re-normalize ImageNet-normalized input to the (x - 0.5) / 0.5 scaling the
   * original Google weights expect (torchvision's `transform_input`; default false).
   */
  transformInput?: boolean;
  /** Channel multiplier (default 1). */
  width?: number;
  /** Dropout before the final layer (default 0.2). */
  dropout?: number;
}

/** The main and auxiliary logits of a training-mode pass. */
export interface GoogLeNetOutputs {
  /** Main classifier logits, [N, numClasses]. */
  logits: Tensor;
  /** First auxiliary head's logits (after inception4a), or null outside training or without the heads. */
  aux1: Tensor | null;
  /** Second auxiliary head's logits (after inception4d), or null outside training or without the heads. */
  aux2: Tensor | null;
}

/**
 * GoogLeNet with torchvision's names and layout: 6,624,904 parameters
 * without the auxiliary heads (`auxLogits: false`), 13,004,888 with them.
 * Deliberate difference from torchvision: `forward` always returns the main
 * logits (so losses and metrics work unchanged); `forwardWithAux` returns
 * the auxiliary logits too (in training mode, when the heads exist), and
 * `auxLoss` weighs them by 0.3 as in the paper.
 *
 * @example
 * ```ts
 * const net = new GoogLeNet({ auxLogits: false });
 * net.forward(randn([1, 3, 224, 224])).shape; // [1, 1000]
 * ```
 */
export class GoogLeNet extends Module {
  /** Number of output classes (default 1000). */
  readonly numClasses: number;
  /** Input image channels (default 3). */
  readonly inChannels: number;
  /** Whether the two auxiliary classifiers were built (default true). */
  readonly auxLogits: boolean;
  /** Whether input is re-normalized to (x - 0.5) / 0.5 first (default false). */
  readonly transformInput: boolean;
  /** Channel multiplier (default 1). */
  readonly width: number;
  /** Dropout probability before `fc` (default 0.2). */
  readonly dropoutP: number;
  /** 7x7 stride-2 stem convolution to 64 channels. */
  conv1: BasicConv2d;
  /** 3x3 stride-2 max pool (ceil mode). */
  maxpool1 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  /** 1x1 convolution, 64 to 64 channels. */
  conv2: BasicConv2d;
  /** 3x3 convolution, 64 to 192 channels. */
  conv3: BasicConv2d;
  /** 3x3 stride-2 max pool (ceil mode). */
  maxpool2 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  /** Inception block 3a (256 output channels at width 1). */
  inception3a: Inception;
  /** Inception block 3b (480 output channels). */
  inception3b: Inception;
  /** 3x3 stride-2 max pool (ceil mode). */
  maxpool3 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  /** Inception block 4a (512 output channels); feeds `aux1`. */
  inception4a: Inception;
  /** Inception block 4b (512 output channels). */
  inception4b: Inception;
  /** Inception block 4c (512 output channels). */
  inception4c: Inception;
  /** Inception block 4d (528 output channels); feeds `aux2`. */
  inception4d: Inception;
  /** Inception block 4e (832 output channels). */
  inception4e: Inception;
  /** 2x2 stride-2 max pool (ceil mode). */
  maxpool4 = new MaxPool2d(2, { stride: 2, ceilMode: true });
  /** Inception block 5a (832 output channels). */
  inception5a: Inception;
  /** Inception block 5b (1024 output channels). */
  inception5b: Inception;
  /** First auxiliary classifier (after inception4a), or null when `auxLogits` is false. */
  aux1: InceptionAux | null;
  /** Second auxiliary classifier (after inception4d), or null when `auxLogits` is false. */
  aux2: InceptionAux | null;
  /** Global average pool to 1x1. */
  avgpool = new AdaptiveAvgPool2d([1, 1]);
  /** Dropout (p = `dropoutP`) before `fc`. */
  dropout: Dropout;
  /** Final classifier: 1024 features (scaled by `width`) to `numClasses`. */
  fc: Linear;

  /**
   * Builds GoogLeNet; weights are drawn from N(0, 0.01²), biases zero.
   *
   * @param options - classes, input channels, auxiliary heads, input transform, width and dropout
   */
  constructor(options: GoogLeNetOptions = {}) {
    super();
    this.numClasses = intOption('googlenet', 'numClasses', options.numClasses, 1000);
    this.inChannels = intOption('googlenet', 'inChannels', options.inChannels, 3);
    this.auxLogits = options.auxLogits ?? true;
    this.transformInput = options.transformInput ?? false;
    if (this.transformInput && this.inChannels !== 3) throw new ValueError(`googlenet: 'transformInput' needs 3 input channels, got ${this.inChannels}`);
    this.width = widthOption('googlenet', options.width);
    this.dropoutP = options.dropout ?? 0.2;
    const w = (c: number) => scaled(c, this.width);
    const inc = (inC: number, a: number, b: number, c: number, d: number, e: number, f: number) => new Inception(inC, w(a), w(b), w(c), w(d), w(e), w(f));
    this.conv1 = new BasicConv2d(this.inChannels, w(64), 7, { stride: 2, padding: 3 });
    this.conv2 = new BasicConv2d(w(64), w(64), 1);
    this.conv3 = new BasicConv2d(w(64), w(192), 3, { padding: 1 });
    // Each block's input is the sum of the previous block's four branch widths.
    const out = (a: number, c: number, e: number, f: number) => w(a) + w(c) + w(e) + w(f);
    this.inception3a = inc(w(192), 64, 96, 128, 16, 32, 32);
    this.inception3b = inc(out(64, 128, 32, 32), 128, 128, 192, 32, 96, 64);
    this.inception4a = inc(out(128, 192, 96, 64), 192, 96, 208, 16, 48, 64);
    this.inception4b = inc(out(192, 208, 48, 64), 160, 112, 224, 24, 64, 64);
    this.inception4c = inc(out(160, 224, 64, 64), 128, 128, 256, 24, 64, 64);
    this.inception4d = inc(out(128, 256, 64, 64), 112, 144, 288, 32, 64, 64);
    this.inception4e = inc(out(112, 288, 64, 64), 256, 160, 320, 32, 128, 128);
    this.inception5a = inc(out(256, 320, 128, 128), 256, 160, 320, 32, 128, 128);
    this.inception5b = inc(out(256, 320, 128, 128), 384, 192, 384, 48, 128, 128);
    this.aux1 = this.auxLogits ? new InceptionAux(out(192, 208, 48, 64), this.numClasses, this.width) : null;
    this.aux2 = this.auxLogits ? new InceptionAux(out(112, 288, 64, 64), this.numClasses, this.width) : null;
    this.dropout = new Dropout(this.dropoutP);
    this.fc = new Linear(out(384, 384, 128, 128), this.numClasses);
    // torchvision: truncated normal (std 0.01, ±2) for convolutions and linear layers; a plain normal here, biases zero.
    for (const m of this.modules()) {
      if (m instanceof Conv2d || m instanceof Linear) {
        init.normal(m.weight, { std: 0.01 });
        if (m.bias) init.zeros(m.bias);
      }
    }
  }

  /** One input sample's shape, used by `summary()` without arguments: [C, 224, 224]. */
  get inputShape(): [number, number, number] {
    return [this.inChannels, 224, 224];
  }

  override config(): Record<string, unknown> {
    const { numClasses, inChannels, auxLogits, transformInput, width } = this;
    return { numClasses, inChannels, auxLogits, transformInput, width, dropout: this.dropoutP };
  }

  /**
   * The main logits, and in training mode (with the heads built) the two
   * auxiliary classifiers' logits (null otherwise).
   */
  forwardWithAux(x: Tensor): GoogLeNetOutputs {
    return this.run(x, true);
  }

  private run(x: Tensor, withAux: boolean): GoogLeNetOutputs {
    return tidy(() => {
      let y = this.transformInput ? transformInput(x) : x;
      y = this.maxpool1.forward(this.conv1.forward(y));
      y = this.maxpool2.forward(this.conv3.forward(this.conv2.forward(y)));
      y = this.maxpool3.forward(this.inception3b.forward(this.inception3a.forward(y)));
      y = this.inception4a.forward(y);
      const aux1 = withAux && this.training && this.aux1 ? this.aux1.forward(y) : null;
      y = this.inception4d.forward(this.inception4c.forward(this.inception4b.forward(y)));
      const aux2 = withAux && this.training && this.aux2 ? this.aux2.forward(y) : null;
      y = this.maxpool4.forward(this.inception4e.forward(y));
      y = this.inception5b.forward(this.inception5a.forward(y));
      const logits = this.fc.forward(this.dropout.forward(flatten(this.avgpool.forward(y), 1)));
      return { logits, aux1, aux2 };
    });
  }

  forward(x: Tensor): Tensor {
    return this.run(x, false).logits;
  }

  /**
   * The paper's training loss: `loss(main) + 0.3 · (loss(aux1) + loss(aux2))`.
   *
   * @example
   * ```ts
   * const total = net.auxLoss(net.forwardWithAux(x), (out) => crossEntropy(out, y));
   * ```
   */
  auxLoss(out: GoogLeNetOutputs, loss: (logits: Tensor) => Tensor): Tensor {
    return tidy(() => {
      let total = loss(out.logits);
      for (const a of [out.aux1, out.aux2]) if (a) total = add(total, mul(loss(a), 0.3));
      return total;
    });
  }
}

/** torchvision's transform_input: from ImageNet normalization to (x - 0.5) / 0.5 per channel. */
function transformInput(x: Tensor): Tensor {
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const chans = [0, 1, 2].map((c) => {
    const xc = x.slice([0, c, 0, 0], [x.shape[0], 1, x.shape[2], x.shape[3]]);
    return add(mul(xc, std[c] / 0.5), (mean[c] - 0.5) / 0.5);
  });
  return concat(chans, 1);
}
