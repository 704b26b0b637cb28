// Chainable neural-network methods (`logits.softmax(1)`, `x.conv2d(w)`),
// installed on Tensor's prototype like tensor/methods.ts; ops/nn stays the
// one source of truth.
import * as nn from '../ops/nn/index.js';
import type { Generator } from '../random/generator.js';
import { Tensor } from './tensor.js';

const P = Tensor.prototype;

P.softmax = function (this: Tensor, axis?: number) {
  return nn.softmax(this, axis);
};
P.logSoftmax = function (this: Tensor, axis?: number) {
  return nn.logSoftmax(this, axis);
};
P.conv2d = function (this: Tensor, weight: Tensor, options?: nn.Conv2dOptions) {
  return nn.conv2d(this, weight, options);
};
P.maxPool2d = function (this: Tensor, options: nn.MaxPool2dOptions) {
  return nn.maxPool2d(this, options);
};
P.avgPool2d = function (this: Tensor, options: nn.AvgPool2dOptions) {
  return nn.avgPool2d(this, options);
};
P.dropout = function (this: Tensor, p?: number, training?: boolean, options?: { generator?: Generator }) {
  return nn.dropout(this, p, training, options);
};
