// The fused optimizer step (the reference backend's kernel) against its
// composition from elementwise ops over several steps, for every rule and
// option (tolerance in src/testing/optimizer-paths.ts); argument errors; memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { checkOptimizerPaths, OPTIMIZER_PATH_CONFIGS } from '../src/testing/optimizer-paths.js';

describe('optimizerStep: fused kernel vs composition, 5 steps (reference backend)', () => {
  beforeAll(() => d.setBackend('reference'));
  for (const [name] of OPTIMIZER_PATH_CONFIGS) {
    it(name, async () => {
      const before = d.memory().numTensors;
      await checkOptimizerPaths(name);
      expect(d.memory().numTensors).toBe(before);
    });
  }
  it('a planted bug is caught', async () => {
    const ref = d.getBackend();
    const orig = ref.kernels.optimizerStep!;
    (ref.kernels as { optimizerStep: typeof orig }).optimizerStep = (p, g, s, op, os, a) => orig(p, g, s, op, os, { ...a, beta2: a.beta1 });
    try {
      await expect(checkOptimizerPaths('adam')).rejects.toThrow(/fused .* composed/);
    } finally {
      (ref.kernels as { optimizerStep: typeof orig }).optimizerStep = orig;
    }
  });
});

describe('optimizerStep: errors', () => {
  let p: d.Tensor;
  beforeAll(async () => {
    await d.setBackend('reference');
    p = d.tensor([1, 2, 3]);
  });
  afterAll(() => p.dispose());
  it('rejects a state list of the wrong length', () => {
    expect(() => d.optimizerStep(p, p, [], { kind: 'adam', lr: 0.1 })).toThrow(d.ValueError);
  });
  it('rejects a gradient of another shape', () => {
    d.tidy(() => expect(() => d.optimizerStep(p, d.tensor([1, 2]), [], { kind: 'sgd', lr: 0.1 })).toThrow(d.ShapeError));
  });
  it('rejects float16 and int32 tensors', () => {
    d.tidy(() => expect(() => d.optimizerStep(p, d.tensor([1, 2, 3], [3], 'int32'), [], { kind: 'sgd', lr: 0.1 })).toThrow(d.DTypeError));
  });
  it('rejects a non-finite attribute and an unknown kind', () => {
    expect(() => d.optimizerStep(p, p, [], { kind: 'sgd', lr: Number.NaN })).toThrow(d.ValueError);
    expect(() => d.optimizerStep(p, p, [], { kind: 'lion' as 'sgd', lr: 0.1 })).toThrow(d.ValueError);
  });
});
