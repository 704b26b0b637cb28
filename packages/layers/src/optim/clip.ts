// Gradient clipping (call between backward() and step()).
import { abs, add, clamp, concat, max, minimum, mul, noGrad, pow, scalar, sqrt, square, sum, type Tensor, tidy, ValueError } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';

/**
 * Scales all gradients together so their joint norm is at most `maxNorm`
 * (as PyTorch's `clip_grad_norm_`). Returns the norm before clipping as a
 * scalar tensor (dispose it, or read it with `await norm.data()`).
 *
 * @example
 * ```ts
 * loss.backward();
 * clipGradNorm(model.parameters(), 1.0).dispose();
 * opt.step();
 * ```
 */
export function clipGradNorm(params: Iterable<Parameter>, maxNorm: number, normType: number | 'inf' = 2): Tensor {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(`clipGradNorm: 'maxNorm' must be a non-negative number, got ${JSON.stringify(maxNorm)}`);
  if (normType !== 'inf' && !(typeof normType === 'number' && normType > 0)) throw new ValueError(`clipGradNorm: 'normType' must be a positive number or 'inf', got ${JSON.stringify(normType)}`);
  const withGrad = [...params].filter((p) => p.grad);
  if (!withGrad.length) return scalar(0);
  const norm = noGrad(() =>
    tidy(() => {
      const parts = withGrad.map((p) => {
        const g = p.grad!;
        if (normType === 'inf') return max(abs(g)).reshape([1]);
        if (normType === 2) return sum(square(g)).reshape([1]);
        return sum(pow(abs(g), normType)).reshape([1]);
      });
      const all = concat(parts, 0);
      if (normType === 'inf') return max(all);
      if (normType === 2) return sqrt(sum(all));
      return pow(sum(all), 1 / normType);
    }),
  );
  noGrad(() => {
    for (const p of withGrad) {
      const clipped = tidy(() => mul(p.grad!, minimum(mul(add(norm, 1e-6).reciprocal(), maxNorm), 1)));
      p.grad = clipped;
    }
  });
  return norm;
}

/**
 * Clamps every gradient entry to [-clipValue, clipValue].
 *
 * @example
 * ```ts
 * clipGradValue(model.parameters(), 0.5);
 * ```
 */
export function clipGradValue(params: Iterable<Parameter>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`clipGradValue: 'clipValue' must be a non-negative number, got ${JSON.stringify(clipValue)}`);
  noGrad(() => {
    for (const p of params) if (p.grad) p.grad = clamp(p.grad, -clipValue, clipValue);
  });
}
