// ResNet's residual blocks with torchvision's names (conv1/bn1/conv2/bn2
// [/conv3/bn3] and `downsample`).
import { add, isGradEnabled, relu, type Tensor, tidy } from '@dendrite/core';
import { BatchNorm2d, Conv2d, convBatchNorm, Module, Sequential, type TensorModule } from '@dendrite/layers';

/** A 3x3 convolution without bias (padding 1). */
export function conv3x3(inC: number, outC: number, stride = 1): Conv2d {
  return new Conv2d(inC, outC, 3, { stride, padding: 1, bias: false });
}

/** A 1x1 convolution without bias. */
export function conv1x1(inC: number, outC: number, stride = 1): Conv2d {
  return new Conv2d(inC, outC, 1, { stride, bias: false });
}

/** Projection shortcut (option B): 1x1 convolution + batch norm, named `downsample.0` / `downsample.1`. */
export function projection(inC: number, outC: number, stride: number): Sequential {
  return new Sequential(conv1x1(inC, outC, stride), new BatchNorm2d(outC));
}

/**
 * The shortcut branch: a projection (conv + batch norm) runs through
 * `convBatchNorm`, which folds the batch norm at inference.
 */
function shortcut(downsample: TensorModule | null, x: Tensor): Tensor {
  if (!downsample) return x;
  if (downsample instanceof Sequential && downsample.length === 2) {
    const [conv, bn] = [downsample.at(0), downsample.at(1)];
    if (conv instanceof Conv2d && bn instanceof BatchNorm2d) return convBatchNorm(conv, bn, x);
  }
  return downsample.forward(x);
}

/**
 * Frees an intermediate as soon as the next layer has consumed it when no
 * gradient is recorded (nothing saved it), so inference holds at most two of
 * a block's activations at a time instead of all until the block's end.
 */
function consumed(t: Tensor): void {
  if (!isGradEnabled()) t.dispose();
}

/**
 * ResNet-18/34's block: two 3x3 convolutions, identity or projected shortcut.
 *
 * @example
 * ```ts
 * new BasicBlock(64, 128, 2, projection(64, 128, 2)).forward(randn([1, 64, 8, 8])).shape; // [1, 128, 4, 4]
 * ```
 */
export class BasicBlock extends Module {
  /** Output channels per `planes` channel (1: the block outputs `planes` channels). */
  static readonly expansion = 1;
  /** First 3x3 convolution (carries the stride). */
  conv1: Conv2d;
  /** Batch norm after `conv1`. */
  bn1: BatchNorm2d;
  /** Second 3x3 convolution (stride 1). */
  conv2: Conv2d;
  /** Batch norm after `conv2`. */
  bn2: BatchNorm2d;
  /** Shortcut module when the shape changes (see `projection`), or null for the identity. */
  downsample: TensorModule | null;

  /**
   * Builds the block.
   *
   * @param inC - input channels
   * @param planes - output channels
   * @param stride - stride of the first convolution (default 1)
   * @param downsample - shortcut module, or null for the identity (default)
   */
  constructor(inC: number, planes: number, stride = 1, downsample: TensorModule | null = null) {
    super();
    this.conv1 = conv3x3(inC, planes, stride);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new BatchNorm2d(planes);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      // conv + bn (+ relu) pairs fold into one convolution at inference (convBatchNorm).
      const mid = convBatchNorm(this.conv1, this.bn1, x, 'relu');
      const out = convBatchNorm(this.conv2, this.bn2, mid);
      consumed(mid);
      const short = shortcut(this.downsample, x);
      const sum = add(out, short);
      consumed(out);
      if (short !== x) consumed(short);
      return relu(sum);
    });
  }
}

/**
 * ResNet-50/101/152's block: 1x1 reduce, 3x3 (carrying the stride, as
 * torchvision's "v1.5"), 1x1 expand by 4.
 *
 * @example
 * ```ts
 * new Bottleneck(256, 64).forward(randn([1, 256, 8, 8])).shape; // [1, 256, 8, 8]
 * ```
 */
export class Bottleneck extends Module {
  /** Output channels per `planes` channel (4: the block outputs `4 · planes` channels). */
  static readonly expansion = 4;
  /** 1x1 reduction to `planes` channels. */
  conv1: Conv2d;
  /** Batch norm after `conv1`. */
  bn1: BatchNorm2d;
  /** 3x3 convolution (carries the stride). */
  conv2: Conv2d;
  /** Batch norm after `conv2`. */
  bn2: BatchNorm2d;
  /** 1x1 expansion to `4 · planes` channels. */
  conv3: Conv2d;
  /** Batch norm after `conv3`. */
  bn3: BatchNorm2d;
  /** Shortcut module when the shape changes (see `projection`), or null for the identity. */
  downsample: TensorModule | null;

  /**
   * Builds the block.
   *
   * @param inC - input channels
   * @param planes - bottleneck width; the output has `4 · planes` channels
   * @param stride - stride of the 3x3 convolution (default 1)
   * @param downsample - shortcut module, or null for the identity (default)
   */
  constructor(inC: number, planes: number, stride = 1, downsample: TensorModule | null = null) {
    super();
    this.conv1 = conv1x1(inC, planes);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes, stride);
    this.bn2 = new BatchNorm2d(planes);
    this.conv3 = conv1x1(planes, planes * Bottleneck.expansion);
    this.bn3 = new BatchNorm2d(planes * Bottleneck.expansion);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      const out1 = convBatchNorm(this.conv1, this.bn1, x, 'relu');
      const out2 = convBatchNorm(this.conv2, this.bn2, out1, 'relu');
      consumed(out1);
      const out3 = convBatchNorm(this.conv3, this.bn3, out2);
      consumed(out2);
      const short = shortcut(this.downsample, x);
      const sum = add(out3, short);
      consumed(out3);
      if (short !== x) consumed(short);
      return relu(sum);
    });
  }
}
