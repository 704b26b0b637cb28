// ResNet's residual blocks with torchvision's names (conv1/bn1/conv2/bn2
// [/conv3/bn3] and `downsample`).
import { add, relu, type Tensor, tidy } from '@dendrite/core';
import { BatchNorm2d, Conv2d, Module, Sequential, type TensorModule } from '@dendrite/layers';

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
      const out = this.bn2.forward(this.conv2.forward(relu(this.bn1.forward(this.conv1.forward(x)))));
      return relu(add(out, this.downsample ? this.downsample.forward(x) : x));
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
      let out = relu(this.bn1.forward(this.conv1.forward(x)));
      out = relu(this.bn2.forward(this.conv2.forward(out)));
      out = this.bn3.forward(this.conv3.forward(out));
      return relu(add(out, this.downsample ? this.downsample.forward(x) : x));
    });
  }
}
