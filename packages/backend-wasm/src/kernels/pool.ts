import type { Pool2dAttrs, TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';
import { callScratch } from './matmul-scratch.js';

// Max/average pooling over NCHW (assembly/pool.ts). The geometry goes into
// wasm memory as 12 int32 in the field order of assembly/pool-geometry.ts.

const ptrOf = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;

/** Writes the PoolGeometry of input [N, C, H, W] and output [.., OH, OW]; returns its pointer and the work size. */
function geometry(rt: WasmRuntime, x: readonly number[], out: readonly number[], a: Pool2dAttrs): [number, number] {
  const [n, c, h, w] = x;
  const [, , oh, ow] = out;
  const fields = [n * c, h, w, oh, ow, a.kernel[0], a.kernel[1], a.stride[0], a.stride[1], a.pad[0], a.pad[2], a.countIncludePad ? 1 : 0];
  return [callScratch(rt, 0, fields).descriptor, n * c * oh * ow * a.kernel[0] * a.kernel[1]];
}

/**
 * Max pooling: out [N, C, OH, OW] holds each window's maximum (padding never wins).
 *
 * @example
 * ```ts
 * maxPool2d(rt, x, out, { kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0], countIncludePad: false });
 * ```
 */
export function maxPool2d(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const [geom, work] = geometry(rt, x.shape, out.shape, attrs);
  launch(rt, 'maxPool2d', [ptrOf(x), ptrOf(out), geom], work);
}

/**
 * Gradient of maxPool2d: each dy goes to its window's first maximum of x
 * (row-major window order); out has x's shape.
 *
 * @example
 * ```ts
 * maxPool2dBackward(rt, dy, x, dx, attrs);
 * ```
 */
export function maxPool2dBackward(rt: WasmRuntime, dy: TensorInfo, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const [geom, work] = geometry(rt, x.shape, dy.shape, attrs);
  launch(rt, 'maxPool2dBackward', [ptrOf(dy), ptrOf(x), ptrOf(out), geom], work);
}

/**
 * Average pooling; the divisor is the full window with `countIncludePad`,
 * else the window's cells inside the image.
 *
 * @example
 * ```ts
 * avgPool2d(rt, x, out, { kernel: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], countIncludePad: false });
 * ```
 */
export function avgPool2d(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const [geom, work] = geometry(rt, x.shape, out.shape, attrs);
  launch(rt, 'avgPool2d', [ptrOf(x), ptrOf(out), geom], work);
}

/**
 * Gradient of avgPool2d: each dy is spread evenly over its window's real
 * cells (divided as in the forward pass); out has the input's shape.
 *
 * @example
 * ```ts
 * avgPool2dBackward(rt, dy, dx, attrs);
 * ```
 */
export function avgPool2dBackward(rt: WasmRuntime, dy: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const [geom, work] = geometry(rt, out.shape, dy.shape, attrs);
  launch(rt, 'avgPool2dBackward', [ptrOf(dy), ptrOf(out), geom], work);
}
