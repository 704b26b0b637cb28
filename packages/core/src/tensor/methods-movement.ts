// Chainable movement and indexing methods (`x.flatten(1)`, `x.flip(0)`,
// `logits.gather(idx, 1)`), installed on Tensor's prototype like
// tensor/methods.ts; the op files stay the one source of truth.
import { concat } from '../ops/concat.js';
import { stack } from '../ops/stack.js';
import { flip } from '../ops/flip.js';
import { gather, indexSelect, takeAlongAxis } from '../ops/gather.js';
import { oneHot } from '../ops/one-hot.js';
import { pad, type PadOptions } from '../ops/pad.js';
import { scatterAdd } from '../ops/scatter.js';
import { slice, sliceAxis } from '../ops/slice.js';
import { chunk, split, unstack } from '../ops/split.js';
import { flatten, squeeze, unsqueeze } from '../ops/squeeze.js';
import { repeatInterleave, tile } from '../ops/tile.js';
import { Tensor } from './tensor.js';

const P = Tensor.prototype;

P.flatten = function (this: Tensor, startDim?: number, endDim?: number) {
  return flatten(this, startDim, endDim);
};
P.squeeze = function (this: Tensor, axis?: number | readonly number[]) {
  return squeeze(this, axis);
};
P.unsqueeze = function (this: Tensor, axis: number) {
  return unsqueeze(this, axis);
};
P.slice = function (this: Tensor, begin: readonly number[], size?: readonly number[]) {
  return slice(this, begin, size);
};
P.sliceAxis = function (this: Tensor, axis: number, start?: number | null, end?: number | null, step?: number) {
  return sliceAxis(this, axis, start, end, step);
};
P.pad = function (this: Tensor, pads: readonly (readonly [number, number])[], valueOrOptions?: number | PadOptions) {
  return pad(this, pads, valueOrOptions);
};
P.concat = function (this: Tensor, others: readonly Tensor[], axis?: number) {
  return concat([this, ...others], axis);
};
P.stack = function (this: Tensor, others: readonly Tensor[], axis?: number) {
  return stack([this, ...others], axis);
};
P.split = function (this: Tensor, sizeOrSections: number | readonly number[], axis?: number) {
  return split(this, sizeOrSections, axis);
};
P.chunk = function (this: Tensor, chunks: number, axis?: number) {
  return chunk(this, chunks, axis);
};
P.unstack = function (this: Tensor, axis?: number) {
  return unstack(this, axis);
};
P.tile = function (this: Tensor, reps: readonly number[]) {
  return tile(this, reps);
};
P.repeatInterleave = function (this: Tensor, repeats: number, axis?: number) {
  return repeatInterleave(this, repeats, axis);
};
P.flip = function (this: Tensor, axes: number | readonly number[]) {
  return flip(this, axes);
};
P.gather = function (this: Tensor, indices: Tensor, axis?: number) {
  return gather(this, indices, axis);
};
P.indexSelect = function (this: Tensor, axis: number, indices: Tensor) {
  return indexSelect(this, axis, indices);
};
P.takeAlongAxis = function (this: Tensor, indices: Tensor, axis: number) {
  return takeAlongAxis(this, indices, axis);
};
P.scatterAdd = function (this: Tensor, axis: number, indices: Tensor, src: Tensor) {
  return scatterAdd(this, axis, indices, src);
};
P.oneHot = function (this: Tensor, numClasses: number) {
  return oneHot(this, numClasses);
};
