// Chainable methods (`x.add(y).relu()`), installed on Tensor's prototype so
// the class file stays small and the op library stays the one source of truth.
import { type BackwardOptions, propagate } from '../autograd/backward.js';
import { detach } from '../autograd/detach.js';
import { type DType, isFloatDType } from '../dtype.js';
import * as b from '../ops/binary.js';
import { broadcastTo } from '../ops/broadcast.js';
import { cast } from '../ops/cast.js';
import { type MatmulOptions, matmul } from '../ops/matmul.js';
import { permute, transpose } from '../ops/permute.js';
import * as r from '../ops/reduce.js';
import { reshape } from '../ops/reshape.js';
import * as u from '../ops/unary.js';
import { BINARY_OPS, UNARY_OPS } from '../ops/table/index.js';
import type { TensorLike } from '../ops/util.js';
import { moveTo, moveToAsync } from './move.js';
import { Tensor } from './tensor.js';

const P = Tensor.prototype;

P.backward = function (this: Tensor, gradient?: Tensor, options: BackwardOptions = {}) {
  propagate(this, gradient, options);
};
P.requiresGrad_ = function (this: Tensor, value = true) {
  this.requiresGrad = value;
  return this;
};
P.detach = function (this: Tensor) {
  return detach(this);
};
P.clone = function (this: Tensor) {
  return isFloatDType(this.dtype) ? b.mul(this, 1) : cast(this, this.dtype);
};
P.to = function (this: Tensor, backend: string) {
  return moveTo(this, backend);
};
P.toAsync = function (this: Tensor, backend: string) {
  return moveToAsync(this, backend);
};
P.cast = function (this: Tensor, dtype: DType) {
  return cast(this, dtype);
};
P.float = function (this: Tensor) {
  return cast(this, 'float32');
};
P.half = function (this: Tensor) {
  return cast(this, 'float16');
};
P.int = function (this: Tensor) {
  return cast(this, 'int32');
};

// One method per op of the op table, calling the exported op of the same name.
for (const name of BINARY_OPS) {
  const fn = b[name];
  P[name] = function (this: Tensor, o: TensorLike) {
    return fn(this, o);
  };
}
for (const name of UNARY_OPS) {
  const fn = u[name] as (x: Tensor, alpha?: number) => Tensor;
  P[name] = function (this: Tensor, alpha?: number) {
    return fn(this, alpha);
  };
}
P.clamp = function (this: Tensor, min?: number, max?: number) {
  return u.clamp(this, min, max);
};
for (const name of ['sum', 'mean', 'prod', 'max', 'min', 'all', 'any', 'logSumExp'] as const) {
  const fn = r[name];
  P[name] = function (this: Tensor, axis?: r.Axis, keepDims?: boolean) {
    return fn(this, axis, keepDims);
  };
}
P.argmax = function (this: Tensor, axis?: number, keepDims?: boolean) {
  return r.argmax(this, axis, keepDims);
};
P.argmin = function (this: Tensor, axis?: number, keepDims?: boolean) {
  return r.argmin(this, axis, keepDims);
};
P.variance = function (this: Tensor, axis?: r.Axis, options?: r.VarianceOptions) {
  return r.variance(this, axis, options);
};
P.std = function (this: Tensor, axis?: r.Axis, options?: r.VarianceOptions) {
  return r.std(this, axis, options);
};
P.reshape = function (this: Tensor, shape: readonly number[]) {
  return reshape(this, shape);
};
P.view = function (this: Tensor, ...shape: number[]) {
  return reshape(this, shape);
};
P.permute = function (this: Tensor, ...perm: number[]) {
  return permute(this, perm);
};
P.transpose = function (this: Tensor, dim0?: number, dim1?: number) {
  return transpose(this, dim0, dim1);
};
Object.defineProperty(P, 'T', {
  get(this: Tensor) {
    return transpose(this);
  },
});
P.broadcastTo = function (this: Tensor, shape: readonly number[]) {
  return broadcastTo(this, shape);
};
P.matmul = function (this: Tensor, o: Tensor, options?: MatmulOptions) {
  return matmul(this, o, options);
};
