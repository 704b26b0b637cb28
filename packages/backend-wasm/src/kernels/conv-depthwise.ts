import type { Conv2dAttrs } from '@dendrite/core';
import type { WasmRuntime } from '../runtime.js';
import { launchByFlops } from './matmul-launch.js';
import { callScratch } from './matmul-scratch.js';

// Depthwise convolutions (groups == C, any channel multiplier M = Cout / C)
// run the direct kernels of assembly/conv-depthwise-*.ts instead of one tiny
// GEMM per group: MobileNet-style layers have C groups of 1 input channel.
// A one-channel input (LeNet's first layer) is the case C = 1, M = Cout: the
// direct kernel beats im2col + GEMM there too (a 25-row patch matrix).

/** The three direct depthwise kernels, by the conv kernel they replace. */
export type DepthwiseKernel = 'depthwiseConv2dForward' | 'depthwiseConv2dBackpropInput' | 'depthwiseConv2dBackpropFilter';

/**
 * True when a convolution with `channels` input channels is depthwise
 * (every group holds one input channel, including a single-channel input
 * with groups 1), so the direct kernels apply.
 *
 * @example
 * ```ts
 * isDepthwise(32, { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 32 }); // true
 * ```
 */
export function isDepthwise(channels: number, attrs: Conv2dAttrs): boolean {
  return attrs.groups === channels;
}

/**
 * Runs one direct depthwise kernel on `geometry` (the 16 ConvGeometry int32
 * fields) with its three tensor pointers, when every plane involved is
 * non-empty; returns false (having done nothing) otherwise, for the GEMM
 * path to handle. Threads claim planes or channels from a zeroed counter.
 *
 * @example
 * ```ts
 * if (!runDepthwise(rt, 'depthwiseConv2dForward', geometry, [xPtr, wPtr, outPtr], flops)) runGemmPath();
 * ```
 */
export function runDepthwise(rt: WasmRuntime, kernel: DepthwiseKernel, geometry: number[], ptrs: number[], flops: number): boolean {
  const [n, , h, w, , , , oh, ow] = geometry;
  if (n * h * w * oh * ow === 0) return false;
  // The scratch size depends on the geometry: write it once to ask the module.
  const perThread = rt.exports.depthwiseScratchBytes(callScratch(rt, 0, geometry).descriptor) as number;
  const { counter, threads, descriptor } = callScratch(rt, rt.threads * perThread, geometry);
  launchByFlops(rt, kernel, [...ptrs, descriptor, threads, perThread, counter], flops);
  return true;
}
