import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import * as ops from '../src/ops/index.js';
import { gradcheck } from '../src/testing/index.js';
import { allGradCases, NOT_DIFFERENTIABLE } from '../src/testing/gradcheck-cases/all.js';

d.seed(1234);

describe('gradcheck: autograd against central finite differences', () => {
  for (const c of allGradCases) {
    it(`${c.op}${c.name ? ` (${c.name})` : ''}`, () => {
      const before = d.memory().numTensors;
      const inputs = c.inputs();
      const r = gradcheck(c.fn, inputs, { atol: c.atol, rtol: c.rtol, eps: c.eps });
      d.dispose(inputs);
      expect(r.failures.slice(0, 5)).toEqual([]);
      expect(r.checked).toBeGreaterThan(0);
      expect(d.memory().numTensors).toBe(before);
    });
  }
});

describe('op coverage', () => {
  it('every differentiable public op has a gradcheck case', () => {
    const covered = new Set(allGradCases.map((c) => c.op));
    const missing = Object.entries(ops)
      .filter(([name, v]) => typeof v === 'function' && !/^[A-Z]/.test(name) && !NOT_DIFFERENTIABLE.has(name) && !covered.has(name))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('the not-differentiable list names only real ops', () => {
    const unknown = [...NOT_DIFFERENTIABLE].filter((n) => typeof (ops as Record<string, unknown>)[n] !== 'function');
    expect(unknown).toEqual([]);
  });
});
