import { ShapeError, ValueError } from '../../errors.js';
import { apply } from '../../engine/apply.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape, shapesEqual, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, sub } from '../binary.js';
import { checkTensor } from '../check.js';
import { mean, sum, variance } from '../reduce.js';
import { reshape } from '../reshape.js';
import { rsqrt, square } from '../unary.js';
import { expectFloat, expectSameDType } from './geometry.js';
import { hasFused, hostConstant } from './host-constant.js';

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Elementwise scale, shaped like `normalizedShape`. */
  weight?: Tensor | null;
  /** Elementwise shift, shaped like `normalizedShape`. */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Fused layer norm of rows [R, D]; the backward is the standard formula in
 * core ops: dx = rstd (ĝ - mean(ĝ) - x̂ mean(ĝ x̂)) with ĝ = dy γ.
 */
function layerNormFused(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  return apply({
    op: 'layerNorm',
    inputs: [x, gamma, beta],
    shape: x.shape,
    dtype: x.dtype,
    kernel: (k, [xi, gi, bi], out) => k.layerNorm!(xi, gi, bi, out, eps),
    backward: (dy, [xs, gs, bs]) => {
      const centered = sub(xs, mean(xs, -1, true));
      const rstd = rsqrt(add(mean(square(centered), -1, true), eps));
      const xhat = mul(centered, rstd);
      const g = mul(dy, gs);
      const dx = mul(rstd, sub(sub(g, mean(g, -1, true)), mul(xhat, mean(mul(g, xhat), -1, true))));
      return [xs.requiresGrad ? dx : null, gs.requiresGrad ? sum(mul(dy, xhat), 0) : null, bs.requiresGrad ? sum(dy, 0) : null];
    },
  });
}

/**
 * Layer normalization over the trailing dims given by `normalizedShape`
 * (biased variance), then `· weight + bias`, as PyTorch's `layer_norm`.
 *
 * @example
 * ```ts
 * layerNorm(x, [512], { weight: gamma, bias: beta });   // x [..., 512]
 * layerNorm(images, [C, H, W]);
 * ```
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  const op = 'layerNorm';
  checkTensor(op, x, 'x');
  expectFloat(op, 'x', x);
  const norm = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(norm) || norm.length === 0 || norm.length > x.rank || !shapesEqual(norm, x.shape.slice(x.rank - norm.length))) {
    throw new ShapeError(`${op}: 'normalizedShape' ${JSON.stringify(normalizedShape)} must equal the trailing dims of x ${fmtShape(x.shape)}`);
  }
  const eps = options.eps ?? 1e-5;
  if (typeof eps !== 'number' || !(eps >= 0)) throw new ValueError(`${op}: 'eps' must be a non-negative number, got ${JSON.stringify(eps)}`);
  for (const name of ['weight', 'bias'] as const) {
    const t = options[name];
    if (!t) continue;
    checkTensor(op, t, name);
    expectFloat(op, name, t);
    expectSameDType(op, [['x', x], [name, t]]);
    if (!shapesEqual(t.shape, norm)) throw new ShapeError(`${op}: '${name}' ${fmtShape(t.shape)} must have shape ${fmtShape(norm)} (normalizedShape)`);
  }
  const d = sizeOf(norm);
  const axes = norm.map((_, i) => x.rank - norm.length + i);
  return tidy(() => {
    if (hasFused(x, ['layerNorm'])) {
      const b = x.backendImpl;
      const gamma = options.weight ? reshape(options.weight, [d]) : hostConstant(b, new Float32Array(d).fill(1), [d], x.dtype);
      const beta = options.bias ? reshape(options.bias, [d]) : hostConstant(b, new Float32Array(d), [d], x.dtype);
      return reshape(layerNormFused(reshape(x, [x.size / Math.max(d, 1), d]), gamma, beta, eps), x.shape);
    }
    const centered = sub(x, mean(x, axes, true));
    let y = mul(centered, rsqrt(add(variance(x, axes, { unbiased: false, keepDims: true }), eps)));
    if (options.weight) y = mul(y, options.weight);
    if (options.bias) y = add(y, options.bias);
    return y;
  });
}
