// Convolution layers over the core's conv1d/conv2d/convTranspose2d, with
// PyTorch's weight layouts and default initialization (U(±1/√fanIn)).
import { type ConvPadding, type Conv1dOptions, conv1d, conv2d, convTranspose2d, type Generator, type Pair, type Tensor, ValueError } from '@dendrite/core';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { positiveInt, uniformParameter } from './param-init.js';

/** Options shared by the convolution layers. */
export interface ConvLayerOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Dilation of the kernel taps (default 1). */
  dilation?: Pair;
  /** Channel groups (default 1): in and out channels must be divisible by it. */
  groups?: number;
  /** Add a learned per-channel bias (default true). */
  bias?: boolean;
  /** Random stream for the weight initialization (default: the default generator). */
  generator?: Generator;
}

function pairOf(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function checkGroups(layer: string, inC: number, outC: number, groups: number): number {
  positiveInt(layer, 'groups', groups);
  if (inC % groups || outC % groups) {
    throw new ValueError(`${layer}: inChannels (${inC}) and outChannels (${outC}) must be divisible by groups (${groups})`);
  }
  return groups;
}

/**
 * 2-D convolution over [N, C, H, W]: weight [outC, inC/groups, kh, kw].
 * Padding: 'same' (stride 1), 'valid', a number, [ph, pw] or [t, b, l, r].
 *
 * @example
 * ```ts
 * const conv = new Conv2d(1, 6, 5, { padding: 2 });
 * conv.forward(randn([8, 1, 28, 28])).shape; // [8, 6, 28, 28]
 * ```
 */
export class Conv2d extends Module {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels (number of filters). */
  readonly outChannels: number;
  /** Kernel [height, width]. */
  readonly kernelSize: [number, number];
  /** Step between windows (one number or [vertical, horizontal]). */
  readonly stride: Pair;
  /** Zero padding: a number, [vertical, horizontal], [top, bottom, left, right], or 'same' / 'valid'. */
  readonly padding: ConvPadding;
  /** Spacing between kernel taps (1: dense). */
  readonly dilation: Pair;
  /** Channel groups (1: every output sees every input channel). */
  readonly groups: number;
  /** Filters [outChannels, inChannels / groups, kH, kW], Kaiming-uniform initialized as in PyTorch. */
  weight: Parameter;
  /** Per-channel bias [outChannels], or null without one. */
  bias: Parameter | null;

  /**
   * A 2-D convolution over NCHW batches.
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output
   * @param kernelSize - one number for a square kernel, or [height, width]
   * @param options - stride, padding, dilation, groups, bias and the initialization stream
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: ConvLayerOptions & { padding?: ConvPadding } = {}) {
    super();
    this.inChannels = positiveInt('Conv2d', 'inChannels', inChannels);
    this.outChannels = positiveInt('Conv2d', 'outChannels', outChannels);
    this.kernelSize = pairOf(kernelSize);
    this.kernelSize.forEach((k) => positiveInt('Conv2d', 'kernelSize', k));
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.groups = checkGroups('Conv2d', inChannels, outChannels, options.groups ?? 1);
    const fanIn = (inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    const bound = 1 / Math.sqrt(fanIn);
    this.weight = uniformParameter([outChannels, inChannels / this.groups, ...this.kernelSize], bound, options.generator);
    this.bias = options.bias === false ? null : uniformParameter([outChannels], bound, options.generator);
  }

  override config(): Record<string, unknown> {
    const { inChannels, outChannels, kernelSize, stride, padding, dilation, groups } = this;
    return { inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias: this.bias !== null };
  }

  /** Multiply-accumulates of one call: every output element sums inC/groups x kh x kw products. */
  multAdds(_input: readonly number[], output: readonly number[]): number {
    return output.reduce((a, b) => a * b, 1) * (this.inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight.value, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups, bias: this.bias?.value });
  }
}

/**
 * 1-D convolution over [N, C, L]: weight [outC, inC/groups, k].
 *
 * @example
 * ```ts
 * const conv = new Conv1d(4, 8, 3, { padding: 'same' });
 * conv.forward(randn([2, 4, 10])).shape; // [2, 8, 10]
 * ```
 */
export class Conv1d extends Module {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels (number of filters). */
  readonly outChannels: number;
  /** Kernel width. */
  readonly kernelSize: number;
  /** Step between windows. */
  readonly stride: number;
  /** Zero padding on both ends, or 'same' / 'valid'. */
  readonly padding: NonNullable<Conv1dOptions['padding']>;
  /** Spacing between kernel taps (1: dense). */
  readonly dilation: number;
  /** Channel groups (1: every output sees every input channel). */
  readonly groups: number;
  /** Filters [outChannels, inChannels / groups, kernelSize]. */
  weight: Parameter;
  /** Per-channel bias [outChannels], or null without one. */
  bias: Parameter | null;

  /**
   * A 1-D convolution over [N, C, L] batches.
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output
   * @param kernelSize - kernel width
   * @param options - stride, padding, dilation, groups, bias and the initialization stream
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Omit<ConvLayerOptions, 'stride' | 'dilation'> & { stride?: number; dilation?: number; padding?: Conv1dOptions['padding'] } = {}) {
    super();
    this.inChannels = positiveInt('Conv1d', 'inChannels', inChannels);
    this.outChannels = positiveInt('Conv1d', 'outChannels', outChannels);
    this.kernelSize = positiveInt('Conv1d', 'kernelSize', kernelSize);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.groups = checkGroups('Conv1d', inChannels, outChannels, options.groups ?? 1);
    const bound = 1 / Math.sqrt((inChannels / this.groups) * kernelSize);
    this.weight = uniformParameter([outChannels, inChannels / this.groups, kernelSize], bound, options.generator);
    this.bias = options.bias === false ? null : uniformParameter([outChannels], bound, options.generator);
  }

  override config(): Record<string, unknown> {
    const { inChannels, outChannels, kernelSize, stride, padding, dilation, groups } = this;
    return { inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias: this.bias !== null };
  }

  /** Multiply-accumulates of one call: every output element sums inC/groups x k products. */
  multAdds(_input: readonly number[], output: readonly number[]): number {
    return output.reduce((a, b) => a * b, 1) * (this.inChannels / this.groups) * this.kernelSize;
  }

  forward(x: Tensor): Tensor {
    return conv1d(x, this.weight.value, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups, bias: this.bias?.value });
  }
}

/** Options of `ConvTranspose2d`. */
export interface ConvTranspose2dLayerOptions extends ConvLayerOptions {
  /** Implicit padding removed from the output: number, [ph, pw] or [t, b, l, r]. */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
  /** Extra rows/columns at the bottom/right (smaller than the stride). */
  outputPadding?: Pair;
}

/**
 * Transposed 2-D convolution ("deconvolution", learned upsampling): weight
 * [inC, outC/groups, kh, kw] as PyTorch.
 *
 * @example
 * ```ts
 * const up = new ConvTranspose2d(16, 8, 2, { stride: 2 });
 * up.forward(randn([1, 16, 7, 7])).shape; // [1, 8, 14, 14]
 * ```
 */
export class ConvTranspose2d extends Module {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  /** Kernel [height, width]. */
  readonly kernelSize: [number, number];
  /** Stride, padding, output padding, dilation and groups. */
  readonly options: Omit<ConvTranspose2dLayerOptions, 'generator' | 'bias'>;
  /** Filters [inChannels, outChannels / groups, kH, kW] (PyTorch's layout). */
  weight: Parameter;
  /** Per-channel bias [outChannels], or null without one. */
  bias: Parameter | null;

  /**
   * A transposed 2-D convolution (the gradient of a convolution), used to upsample.
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output
   * @param kernelSize - one number for a square kernel, or [height, width]
   * @param options - stride, padding, output padding, dilation, groups, bias and the initialization stream
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: ConvTranspose2dLayerOptions = {}) {
    super();
    this.inChannels = positiveInt('ConvTranspose2d', 'inChannels', inChannels);
    this.outChannels = positiveInt('ConvTranspose2d', 'outChannels', outChannels);
    this.kernelSize = pairOf(kernelSize);
    this.kernelSize.forEach((k) => positiveInt('ConvTranspose2d', 'kernelSize', k));
    const groups = checkGroups('ConvTranspose2d', inChannels, outChannels, options.groups ?? 1);
    const { generator: _g, bias: _b, ...rest } = options;
    this.options = { ...rest, groups };
    // PyTorch computes the fan-in of a transposed conv from weight dim 1.
    const bound = 1 / Math.sqrt((outChannels / groups) * this.kernelSize[0] * this.kernelSize[1]);
    this.weight = uniformParameter([inChannels, outChannels / groups, ...this.kernelSize], bound, options.generator);
    this.bias = options.bias === false ? null : uniformParameter([outChannels], bound, options.generator);
  }

  override config(): Record<string, unknown> {
    return { inChannels: this.inChannels, outChannels: this.outChannels, kernelSize: this.kernelSize, ...this.options, bias: this.bias !== null };
  }

  /** Multiply-accumulates of one call: every input element scatters into outC/groups x kh x kw outputs. */
  multAdds(input: readonly number[], _output: readonly number[]): number {
    return input.reduce((a, b) => a * b, 1) * (this.outChannels / (this.options.groups ?? 1)) * this.kernelSize[0] * this.kernelSize[1];
  }

  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight.value, { ...this.options, bias: this.bias?.value });
  }
}
