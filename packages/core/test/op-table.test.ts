// The op table is the one source of an elementwise op's facts: every entry
// must have its public op function and Tensor method, and the op library must
// follow the entry's dtype rule and gradient saving.
import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

const ops = d as unknown as Record<string, (...args: unknown[]) => d.Tensor>;

describe('op table', () => {
  it('every unary and binary entry has an exported op and a Tensor method of its name', () => {
    const x = d.tensor([0.5, 1.5]);
    for (const op of [...d.UNARY_OPS, ...d.BINARY_OPS]) {
      expect(typeof ops[op], `op ${op}`).toBe('function');
      expect(typeof (x as unknown as Record<string, unknown>)[op], `method ${op}`).toBe('function');
    }
    x.dispose();
  });

  it('unary ops keep int32 exactly where the table says, and cast it to float32 elsewhere', () => {
    const x = d.tensor(Int32Array.from([-2, 3]));
    for (const op of d.UNARY_OPS) {
      if (op === 'logicalNot') continue;
      const y = ops[op](x);
      expect(y.dtype, op).toBe(d.UNARY_TABLE[op].int ? 'int32' : 'float32');
      y.dispose();
    }
    x.dispose();
  });

  it('every unary op with a gradient in the table records one and backward reaches the input', () => {
    for (const op of d.UNARY_OPS) {
      const spec = d.unarySpec(op);
      if (spec.grad === 'none') continue;
      const x = d.tensor([0.5, 1.5]).requiresGrad_();
      const y = ops[op](x);
      expect(y.requiresGrad, op).toBe(true);
      y.sum().backward();
      expect(x.grad?.shape, op).toEqual([2]);
      d.dispose([x, y]);
    }
  });

  it('binary ops return bool exactly for compare and logic kinds', () => {
    const a = d.tensor([1, 2]);
    for (const op of d.BINARY_OPS) {
      const y = ops[op](a, a);
      const kind = d.binarySpec(op).kind;
      expect(y.dtype === 'bool', op).toBe(kind === 'compare' || kind === 'logic');
      y.dispose();
    }
    a.dispose();
  });
});
