import type { KernelTable } from '@dendrite/core';
import type { WasmRuntime } from '../runtime.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv.js';
import { binary, cast, fill, unary, where } from './elementwise.js';
import { gridSample } from './grid-sample.js';
import { gather, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { concat, expand, pad, slice, transpose } from './movement.js';
import { batchNorm, layerNorm } from './norm.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { random } from './random.js';
import { argReduce, reduce } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';

/** The kernel table of a wasm backend: every primitive and every fused kernel, bound to one runtime. */
export function createKernelTable(rt: WasmRuntime): KernelTable {
  return {
    fill: (out, value) => fill(rt, out, value),
    unary: (x, out, op, alpha) => unary(rt, x, out, op, alpha),
    binary: (a, b, out, op) => binary(rt, a, b, out, op),
    where: (cond, a, b, out) => where(rt, cond, a, b, out),
    cast: (x, out) => cast(rt, x, out),
    reduce: (x, out, op, axes) => reduce(rt, x, out, op, axes),
    argReduce: (x, out, op, axis) => argReduce(rt, x, out, op, axis),
    transpose: (x, out, perm) => transpose(rt, x, out, perm),
    slice: (x, out, begin, step) => slice(rt, x, out, begin, step),
    pad: (x, out, before, value) => pad(rt, x, out, before, value),
    concat: (xs, out, axis) => concat(rt, xs, out, axis),
    expand: (x, out) => expand(rt, x, out),
    gather: (x, indices, out, axis) => gather(rt, x, indices, out, axis),
    scatterAdd: (indices, updates, out, axis) => scatterAdd(rt, indices, updates, out, axis),
    matmul: (a, b, out, transA, transB) => matmul(rt, a, b, out, transA, transB),
    random: (out, attrs) => random(rt, out, attrs),
    conv2d: (x, w, out, attrs) => conv2d(rt, x, w, out, attrs),
    conv2dBackpropInput: (dy, w, out, attrs) => conv2dBackpropInput(rt, dy, w, out, attrs),
    conv2dBackpropFilter: (x, dy, out, attrs) => conv2dBackpropFilter(rt, x, dy, out, attrs),
    maxPool2d: (x, out, attrs) => maxPool2d(rt, x, out, attrs),
    maxPool2dBackward: (dy, x, out, attrs) => maxPool2dBackward(rt, dy, x, out, attrs),
    avgPool2d: (x, out, attrs) => avgPool2d(rt, x, out, attrs),
    avgPool2dBackward: (dy, out, attrs) => avgPool2dBackward(rt, dy, out, attrs),
    softmax: (x, out) => softmax(rt, x, out),
    logSoftmax: (x, out) => logSoftmax(rt, x, out),
    batchNorm: (x, mean, variance, gamma, beta, out, eps) => batchNorm(rt, x, mean, variance, gamma, beta, out, eps),
    layerNorm: (x, gamma, beta, out, eps) => layerNorm(rt, x, gamma, beta, out, eps),
    gridSample: (x, grid, out, attrs) => gridSample(rt, x, grid, out, attrs),
  };
}
