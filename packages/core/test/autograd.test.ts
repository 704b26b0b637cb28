import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

describe('autograd', () => {
  it('backward accumulates into leaves, including through shared subexpressions', () => {
    const x = d.tensor([1, 2, 3], undefined, { requiresGrad: true });
    d.tidy(() => {
      const y = x.mul(x).add(x.mul(3)).sum(); // d/dx = 2x + 3
      y.backward();
    });
    close(x.grad!.dataSync(), [5, 7, 9]);
    d.tidy(() => x.sum().backward());
    close(x.grad!.dataSync(), [6, 8, 10]);
    x.dispose();
  });

  it('noGrad, detach and requiresGrad rules', () => {
    const x = d.tensor([1, 2], undefined, { requiresGrad: true });
    const y = d.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    const z = x.mul(2).detach();
    expect(z.requiresGrad).toBe(false);
    expect(() => z.sum().backward()).toThrow(d.GradError);
    expect(() => {
      d.tensor([1], undefined, 'int32').requiresGrad = true;
    }).toThrow(d.DTypeError);
    expect(() => d.tidy(() => x.mul(2).backward())).toThrow(/non-scalar/);
    d.dispose([x, y, z]);
  });

  it('a second backward through a freed graph is an error; retainGraph allows it', () => {
    const x = d.tensor([1, 2], undefined, { requiresGrad: true });
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    close(x.grad!.dataSync(), [2 * Math.E, 2 * Math.exp(2)]);
    expect(() => y.backward()).toThrow(/second time/);
    d.dispose([x, y]);
  });

  it('grad and valueAndGrad', () => {
    d.tidy(() => {
      const f = (x: d.Tensor) => d.sum(d.pow(x, 3));
      const { value, grads } = d.valueAndGrad(f)(d.tensor([1, 2]));
      expect(value.item()).toBeCloseTo(9, 5);
      close(grads[0].dataSync(), [3, 12]);
      const [da, db] = d.grad((a, b) => d.sum(d.mul(a, b)))(d.tensor([1, 2]), d.tensor([3, 4]));
      close(da.dataSync(), [3, 4]);
      close(db.dataSync(), [1, 2]);
    });
  });

  it('gradients of gradients: a Hessian-vector product', () => {
    d.tidy(() => {
      // f(x) = sum(x³ · sin x); H = diag(6x sin x + 6x² cos x − x³ sin x)
      const f = (x: d.Tensor) => d.sum(d.mul(d.pow(x, 3), d.sin(x)));
      const xv = [0.5, -1.2, 2.0];
      const v = d.tensor([1, 2, -1]);
      const hvp = d.grad((x: d.Tensor) => d.dot(d.grad(f)(x)[0], v))(d.tensor(xv))[0];
      const expected = xv.map((x, i) => (6 * x * Math.sin(x) + 6 * x * x * Math.cos(x) - x ** 3 * Math.sin(x)) * [1, 2, -1][i]);
      close(hvp.dataSync(), expected, 1e-4);
    });
  });

  it('gradients() leaves .grad untouched', () => {
    const x = d.tensor([1, 2], undefined, { requiresGrad: true });
    d.tidy(() => {
      const [g] = d.gradients(x.square().sum(), [x]);
      close(g!.dataSync(), [2, 4]);
    });
    expect(x.grad).toBeNull();
    x.dispose();
  });
});
