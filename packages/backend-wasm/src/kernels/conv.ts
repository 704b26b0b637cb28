import type { ConvActivation, Conv2dAttrs, TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { isDepthwise, runDepthwise } from './conv-depthwise.js';
import { launchByFlops } from './matmul-launch.js';
import { callScratch } from './matmul-scratch.js';

// The three convolution kernels of assembly/conv-*.ts, all on the packed
// GEMM: forward and filter gradient over dense im2col bands, input gradient
// as GEMM + col2im. Each call writes the geometry (16 int32, the field order
// of assembly/conv-geometry.ts) after the threads' scratch and runs on all
// threads when the work is worth it. Depthwise convolutions (groups == C)
// take the direct kernels of conv-depthwise.ts instead.

const ptrOf = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;

/** The ConvGeometry fields for image x [N, C, H, W], filter [Cout, C/g, KH, KW] and output rows/cols. */
function geometry(x: readonly number[], w: readonly number[], oh: number, ow: number, a: Conv2dAttrs): number[] {
  const [n, c, h, wd] = x;
  const [cout, , kh, kw] = w;
  return [n, c, h, wd, cout, kh, kw, oh, ow, a.stride[0], a.stride[1], a.pad[0], a.pad[2], a.dilation[0], a.dilation[1], a.groups];
}

/** Multiply-adds of the convolution (the same for all three kernels). */
function flops(g: readonly number[]): number {
  const [n, c, , , cout, kh, kw, oh, ow, , , , , , , groups] = g;
  return n * cout * oh * ow * (c / groups) * kh * kw;
}

/** Per-thread scratch a kernel needs for geometry g: written once to ask the module, since it depends on the geometry. */
function scratchPerThread(rt: WasmRuntime, query: string, g: number[]): number {
  return rt.exports[query](callScratch(rt, 0, g).descriptor) as number;
}

/** Runs `kernel` on the geometry, on every thread when the work is worth it. */
function run(rt: WasmRuntime, kernel: string, perThread: number, g: number[], ptrs: number[]): void {
  const { counter, threads, descriptor } = callScratch(rt, rt.threads * perThread, g);
  launchByFlops(rt, kernel, [...ptrs, descriptor, threads, perThread, counter], flops(g));
}

/**
 * conv2d: x [N, C, H, W], w [Cout, C/groups, KH, KW] → out [N, Cout, OH, OW].
 *
 * @example
 * ```ts
 * conv2d(rt, x, w, out, { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 });
 * ```
 */
export function conv2d(rt: WasmRuntime, x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const g = geometry(x.shape, w.shape, out.shape[2], out.shape[3], attrs);
  if (isDepthwise(x.shape[1], attrs) && runDepthwise(rt, 'depthwiseConv2dForward', g, [ptrOf(x), ptrOf(w), ptrOf(out)], flops(g))) return;
  run(rt, 'conv2dForward', scratchPerThread(rt, 'conv2dForwardScratchBytes', g), g, [ptrOf(x), ptrOf(w), ptrOf(out)]);
}

/**
 * Inference conv2d with its epilogue: out = activation(conv2d(x, w) + bias).
 * The GEMM path adds bias and ReLU to each output block right after computing
 * it; the depthwise path runs its direct kernel, then one epilogue pass.
 *
 * @example
 * ```ts
 * conv2dBiasActivation(rt, x, w, bias, out, attrs, 'relu');
 * ```
 */
export function conv2dBiasActivation(rt: WasmRuntime, x: TensorInfo, w: TensorInfo, bias: TensorInfo | null, out: TensorInfo, attrs: Conv2dAttrs, activation: ConvActivation): void {
  const g = geometry(x.shape, w.shape, out.shape[2], out.shape[3], attrs);
  const relu = activation === 'relu' ? 1 : 0;
  const b = bias ? ptrOf(bias) : 0;
  if (isDepthwise(x.shape[1], attrs) && runDepthwise(rt, 'depthwiseConv2dForward', g, [ptrOf(x), ptrOf(w), ptrOf(out)], flops(g))) {
    const [n, cout, oh, ow] = out.shape;
    if (b || relu) launchByFlops(rt, 'channelBiasActivation', [ptrOf(out), b, n, cout, oh * ow, relu], 0);
    return;
  }
  const perThread = scratchPerThread(rt, 'conv2dForwardScratchBytes', g);
  const { counter, threads, descriptor } = callScratch(rt, rt.threads * perThread, g);
  launchByFlops(rt, 'conv2dBiasActivationForward', [ptrOf(x), ptrOf(w), b, ptrOf(out), descriptor, relu, threads, perThread, counter], flops(g));
}

/**
 * Gradient of conv2d w.r.t. its input (and convTranspose2d): dy [N, Cout, OH, OW],
 * w → out [N, C, H, W] (H, W from out's shape).
 *
 * @example
 * ```ts
 * conv2dBackpropInput(rt, dy, w, dx, attrs);
 * ```
 */
export function conv2dBackpropInput(rt: WasmRuntime, dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const g = geometry(out.shape, w.shape, dy.shape[2], dy.shape[3], attrs);
  if (isDepthwise(out.shape[1], attrs) && runDepthwise(rt, 'depthwiseConv2dBackpropInput', g, [ptrOf(dy), ptrOf(w), ptrOf(out)], flops(g))) return;
  run(rt, 'conv2dBackpropInput', scratchPerThread(rt, 'conv2dBackpropInputScratchBytes', g), g, [ptrOf(dy), ptrOf(w), ptrOf(out)]);
}

/**
 * Gradient of conv2d w.r.t. its filter: x [N, C, H, W], dy [N, Cout, OH, OW]
 * → out [Cout, C/groups, KH, KW].
 *
 * @example
 * ```ts
 * conv2dBackpropFilter(rt, x, dy, dw, attrs);
 * ```
 */
export function conv2dBackpropFilter(rt: WasmRuntime, x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const g = geometry(x.shape, out.shape, dy.shape[2], dy.shape[3], attrs);
  if (isDepthwise(x.shape[1], attrs) && runDepthwise(rt, 'depthwiseConv2dBackpropFilter', g, [ptrOf(x), ptrOf(dy), ptrOf(out)], flops(g))) return;
  run(rt, 'conv2dBackpropFilter', scratchPerThread(rt, 'conv2dBackpropFilterScratchBytes', g), g, [ptrOf(x), ptrOf(dy), ptrOf(out)]);
}
