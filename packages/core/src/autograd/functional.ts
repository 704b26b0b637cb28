import { describeValue, GradError, ValueError } from '../errors.js';
import { tidy } from '../engine/scope.js';
import { engine } from '../engine/state.js';
import { Tensor } from '../tensor/tensor.js';
import { type BackwardOptions, propagate } from './backward.js';
import { detach } from './detach.js';

/**
 * Gradients of `output` with respect to `inputs`, returned instead of
 * accumulated into `.grad` (PyTorch's `torch.autograd.grad`). Inputs that
 * `output` does not depend on get null.
 *
 * @example
 * ```ts
 * const x = tensor([1, 2], undefined, { requiresGrad: true });
 * const y = sum(mul(x, x));
 * const [dx] = gradients(y, [x]); // [2, 4]
 * ```
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: BackwardOptions & { gradOutput?: Tensor } = {}): (Tensor | null)[] {
  if (!(output instanceof Tensor)) throw new ValueError('gradients: argument \'output\' must be a Tensor');
  return propagate(output, options.gradOutput, options, inputs);
}

/** A function of tensors returning a scalar tensor. */
export type ScalarFn = (...xs: Tensor[]) => Tensor;

/**
 * Returns a function computing `f`'s value and its gradients with respect to
 * every argument. Nested uses differentiate through each other (gradients of
 * gradients, e.g. Hessian-vector products).
 *
 * @example
 * ```ts
 * const f = (x: Tensor) => sum(pow(x, 3));
 * const { value, grads: [dx] } = valueAndGrad(f)(tensor([1, 2])); // 9, [3, 12]
 * ```
 */
export function valueAndGrad(f: ScalarFn): (...xs: Tensor[]) => { value: Tensor; grads: Tensor[] } {
  checkFn('valueAndGrad', f);
  return (...xs: Tensor[]) => {
    xs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new ValueError(`valueAndGrad: argument ${i} must be a Tensor, got ${describeValue(x)}`);
    });
    // Arguments already tracked by an enclosing computation stay connected (higher-order gradients).
    const nested = engine.gradEnabled && xs.some((x) => x.requiresGrad);
    // f's intermediates die with this scope (saved tensors are shadows, so a
    // nested caller's graph survives); only the value and gradients leave it.
    return tidy(() => {
      const inputs = xs.map((x) => {
        if (x.requiresGrad) return x;
        const d = detach(x);
        d.requiresGrad = true;
        return d;
      });
      const prev = engine.gradEnabled;
      engine.gradEnabled = true;
      let value: Tensor;
      try {
        value = f(...inputs);
      } finally {
        engine.gradEnabled = prev;
      }
      if (!(value instanceof Tensor) || value.size !== 1) {
        throw new GradError(`valueAndGrad: the function must return a one-element tensor, got ${value instanceof Tensor ? `shape [${value.shape.join(', ')}]` : describeValue(value)}`);
      }
      const grads = value.requiresGrad ? gradients(value, inputs, { createGraph: nested, retainGraph: nested }) : inputs.map(() => null);
      const result = grads.map((g, i) => g ?? zerosLikeOf(inputs[i]));
      const out = nested ? value : detachAndDispose(value);
      return { value: out, grads: result };
    });
  };
}

function checkFn(op: string, f: unknown): void {
  if (typeof f !== 'function') throw new ValueError(`${op}: argument 'f' must be a function of tensors returning a scalar tensor, got ${describeValue(f)}`);
}

function detachAndDispose(t: Tensor): Tensor {
  const d = detach(t);
  t.dispose();
  return d;
}

function zerosLikeOf(t: Tensor): Tensor {
  return t.mul(0);
}

/**
 * Returns a function computing the gradients of `f` with respect to every argument.
 *
 * @example
 * ```ts
 * const df = grad((x: Tensor) => sum(square(x)));
 * df(tensor([1, 2]))[0]; // [2, 4]
 * // Hessian-vector product:
 * const hvp = grad((x: Tensor) => dot(grad(f)(x)[0], v));
 * ```
 */
export function grad(f: ScalarFn): (...xs: Tensor[]) => Tensor[] {
  checkFn('grad', f);
  const vg = valueAndGrad(f);
  return (...xs: Tensor[]) => {
    const { value, grads } = vg(...xs);
    value.dispose();
    return grads;
  };
}
