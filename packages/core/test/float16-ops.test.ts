// Every differentiable op (the gradcheck cases) runs in float16 on the
// reference backend's float16 emulation: it keeps the input's dtype, and its value and gradients stay
// close to the float32 run on the same (half-rounded) inputs.
import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { allGradCases } from '../src/testing/gradcheck-cases/all.js';

d.seed(4321);

/** max |a - b| over max(1, max |b|): one number per comparison, scale-free for large outputs. */
function relativeGap(a: Float32Array | d.DataArray, b: Float32Array | d.DataArray): number {
  let gap = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    if (!Number.isFinite(b[i])) continue;
    gap = Math.max(gap, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return gap / scale;
}

/** Runs `fn` on `inputs` and returns its output and the gradients of Σ y·weights w.r.t. the float inputs. */
function valueAndGrads(fn: (...xs: d.Tensor[]) => d.Tensor, inputs: d.Tensor[], weights: Float32Array) {
  return d.tidy(() => {
    const floats = inputs.filter((t) => d.isFloatDType(t.dtype));
    for (const t of floats) t.requiresGrad = true;
    const y = fn(...inputs);
    const w = d.tensor(weights.subarray(0, y.size), y.shape, y.dtype);
    const grads = d.gradients(d.sum(d.mul(y, w)), floats);
    return { y, dtype: y.dtype, value: y.dataSync(), grads: grads.map((g) => ({ dtype: g?.dtype, data: g?.dataSync() ?? new Float32Array() })) };
  });
}

/** Cases whose function builds its own float32 tensors (so mixing dtypes is the case's doing, not the op's). */
const BUILDS_FLOAT32 = new Set(['scatterAdd (gradient of gradient w.r.t. src)']);

describe('every differentiable op in float16', () => {
  for (const c of allGradCases.filter((k) => !BUILDS_FLOAT32.has(`${k.op}${k.name ? ` (${k.name})` : ''}`))) {
    it(`${c.op}${c.name ? ` (${c.name})` : ''}`, () => {
      const before = d.memory().numTensors;
      const originals = c.inputs();
      // The same half-rounded values in both runs, so only the arithmetic differs.
      const half = originals.map((t) => (t.dtype === 'float32' ? d.cast(t, 'float16') : t.clone()));
      const full = half.map((t) => (t.dtype === 'float16' ? d.cast(t, 'float32') : t.clone()));
      const weights = Float32Array.from({ length: 1 << 16 }, (_, i) => ((i * 7919) % 17) / 8 - 1);
      const h = valueAndGrads(c.fn, half, weights);
      const f = valueAndGrads(c.fn, full, weights);
      d.dispose([...originals, ...half, ...full]);
      // Half in, half out (losses included, as in PyTorch); only the cast case asks for float32.
      expect(h.dtype, 'output dtype').toBe(c.op === 'cast' ? 'float32' : 'float16');
      // Half keeps ~3.3 significant digits and every op rounds its result once; chains of
      // a few ops (the composed ones: losses, norms, gridSample) stay within ~1e-2 of the
      // output scale. A broken float16 path (wrong dtype in a constant, a lost cast) is off by O(1).
      expect(relativeGap(h.value, f.value), 'value').toBeLessThan(2e-2);
      h.grads.forEach((g, i) => {
        expect(g.dtype, `gradient ${i} dtype`).toBe('float16');
        expect(relativeGap(g.data, f.grads[i].data), `gradient ${i}`).toBeLessThan(5e-2);
      });
      d.dispose(h.y);
      d.dispose(f.y);
      expect(d.memory().numTensors).toBe(before);
    });
  }
});
