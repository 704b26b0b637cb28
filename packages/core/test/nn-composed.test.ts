// The composed fallbacks (what a backend with only the primitive kernels
// runs) against the fused kernels of the reference backend: same outputs and
// same gradients, on random inputs with stride/padding/dilation/groups variations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { createReferenceBackend } from '../src/reference/index.js';
import { worstRatio } from './nn-oracle.js';

// Both paths compute in float32 from the same float32 inputs; the composed
// one stores ~10-20 more float32 intermediates, each rounded to 2^-24
// relative, so results agree to 1e-5 relative. Gradients sum a few dozen
// such terms (with some cancellation): 1e-5 relative plus 1e-5 absolute.
const ATOL = 1e-5;
const RTOL = 1e-5;

/** The reference backend with every fused kernel removed. */
function primitivesOnly(): d.Backend {
  const ref = createReferenceBackend();
  const kernels = {} as Record<string, unknown>;
  for (const name of d.PRIMITIVE_KERNELS) kernels[name] = (ref.kernels[name] as (...a: unknown[]) => void).bind(ref.kernels);
  return {
    name: 'ref-primitives',
    capabilities: ref.capabilities,
    alloc: (dtype, size) => ref.alloc(dtype, size),
    write: (h, data) => ref.write(h, data),
    read: (h) => ref.read(h),
    readSync: (h) => ref.readSync!(h),
    free: (h) => ref.free(h),
    memory: () => ref.memory(),
    kernels: kernels as unknown as d.KernelTable,
  };
}

interface Run {
  out: Float32Array;
  shape: number[];
  grads: Float32Array[];
}

/** Runs `fn` on `backend` from host copies of the inputs; returns the output and the gradients of Σ out · weights. */
async function runOn(backend: string, inputs: { data: Float32Array | Int32Array; shape: number[] }[], fn: (...xs: d.Tensor[]) => d.Tensor): Promise<Run> {
  await d.setBackend(backend);
  let run: Run | undefined;
  d.tidy(() => {
    const xs = inputs.map((i) => {
      const t = d.tensor(i.data, i.shape);
      if (t.dtype === 'float32') t.requiresGrad = true;
      return t;
    });
    const out = fn(...xs);
    const weights = d.tensor(Float32Array.from({ length: out.size }, (_, i) => Math.sin(i + 0.5) + 1.2), out.shape);
    d.sum(d.mul(out, weights)).backward();
    // An input the output does not depend on in the graph (the grid of nearest sampling) has zero gradient.
    const grads = xs.filter((x) => x.dtype === 'float32').map((x) => {
      if (!x.grad) return new Float32Array(x.size);
      const g = Float32Array.from(x.grad.dataSync());
      x.grad.dispose();
      return g;
    });
    run = { out: Float32Array.from(out.dataSync() as Float32Array), shape: out.shape.slice(), grads };
  });
  return run!;
}

type Case = { name: string; inputs: () => d.Tensor[]; fn: (...xs: d.Tensor[]) => d.Tensor };

const int32 = (v: number[], shape?: number[]) => d.tensor(Int32Array.from(v), shape);
const cases: Case[] = [
  { name: 'conv2d stride 2, padding [t,b,l,r], dilation 2, groups 2, bias', inputs: () => [d.randn([2, 4, 7, 6]), d.randn([6, 2, 3, 2]), d.randn([6])], fn: (x, w, b) => d.conv2d(x, w, { stride: 2, padding: [1, 2, 0, 1], dilation: 2, groups: 2, bias: b }) },
  { name: "conv2d 'same', even kernel, depthwise", inputs: () => [d.randn([1, 3, 5, 5]), d.randn([3, 1, 4, 2])], fn: (x, w) => d.conv2d(x, w, { padding: 'same', groups: 3 }) },
  { name: 'conv1d stride 2, dilation 2', inputs: () => [d.randn([2, 3, 9]), d.randn([2, 3, 3])], fn: (x, w) => d.conv1d(x, w, { stride: 2, dilation: 2, padding: 1 }) },
  { name: 'convTranspose2d stride 2, outputPadding 1, groups 2, dilation [1, 2]', inputs: () => [d.randn([2, 4, 3, 4]), d.randn([4, 3, 3, 2]), d.randn([6])], fn: (x, w, b) => d.convTranspose2d(x, w, { stride: 2, padding: [1, 0], outputPadding: 1, groups: 2, dilation: [1, 2], bias: b }) },
  { name: 'convTranspose2d padding beyond the kernel reach', inputs: () => [d.randn([1, 2, 4, 4]), d.randn([2, 2, 2, 2])], fn: (x, w) => d.convTranspose2d(x, w, { stride: 3, padding: [2, 1, 0, 2] }) },
  { name: 'maxPool2d padding 1, stride 2, ceilMode', inputs: () => [d.randn([2, 2, 7, 6])], fn: (x) => d.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }) },
  { name: 'avgPool2d countIncludePad = true', inputs: () => [d.randn([1, 3, 6, 5])], fn: (x) => d.avgPool2d(x, { kernelSize: [2, 3], stride: [1, 2], padding: 1 }) },
  { name: 'avgPool2d countIncludePad = false', inputs: () => [d.randn([1, 3, 6, 5])], fn: (x) => d.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }) },
  { name: 'adaptiveAvgPool2d (divisible: pooling)', inputs: () => [d.randn([1, 2, 6, 4])], fn: (x) => d.adaptiveAvgPool2d(x, [3, 2]) },
  { name: 'softmax over axis 1', inputs: () => [d.randn([2, 5, 3])], fn: (x) => d.softmax(x, 1) },
  { name: 'logSoftmax', inputs: () => [d.randn([4, 6])], fn: (x) => d.logSoftmax(x) },
  { name: 'crossEntropy with label smoothing', inputs: () => [d.randn([5, 4]), int32([1, 0, 3, 2, 1])], fn: (x, t) => d.crossEntropy(x, t, { labelSmoothing: 0.1 }) },
  { name: 'batchNorm training', inputs: () => [d.randn([3, 2, 3, 2]), d.randn([2]), d.randn([2])], fn: (x, w, b) => d.batchNorm(x, null, null, { training: true, weight: w, bias: b }) },
  { name: 'batchNorm evaluation', inputs: () => [d.randn([2, 3, 4]), d.randn([3]), d.rand([3], { low: 0.5, high: 2 })], fn: (x, m, v) => d.batchNorm(x, m, v) },
  { name: 'layerNorm', inputs: () => [d.randn([3, 2, 4]), d.randn([2, 4]), d.randn([2, 4])], fn: (x, w, b) => d.layerNorm(x, [2, 4], { weight: w, bias: b }) },
  ...(['zeros', 'border'] as const).flatMap((paddingMode) =>
    [false, true].map((alignCorners): Case => ({
      name: `gridSample bilinear ${paddingMode} alignCorners=${alignCorners}`,
      inputs: () => [d.randn([2, 3, 4, 5]), d.rand([2, 3, 2, 2], { low: -1.2, high: 1.2 })],
      fn: (x, g) => d.gridSample(x, g, { paddingMode, alignCorners }),
    })),
  ),
  { name: 'gridSample nearest', inputs: () => [d.randn([1, 2, 4, 4]), d.rand([1, 3, 3, 2], { low: -1.2, high: 1.2 })], fn: (x, g) => d.gridSample(x, g, { mode: 'nearest' }) },
];

describe('composed fallbacks equal the fused kernels (outputs and gradients)', () => {
  beforeAll(() => {
    d.registerBackend('ref-primitives', primitivesOnly, { priority: -1 });
  });
  afterAll(async () => {
    await d.setBackend('reference');
  });

  for (const c of cases) {
    it(c.name, async () => {
      d.seed(17);
      await d.setBackend('reference');
      const made = c.inputs();
      const host = made.map((t) => ({ data: t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync()), shape: t.shape.slice() }));
      d.dispose(made);
      const before = d.memory().numTensors;
      const fused = await runOn('reference', host, c.fn);
      const composed = await runOn('ref-primitives', host, c.fn);
      expect(d.memory().numTensors).toBe(before);
      expect(composed.shape).toEqual(fused.shape);
      expect(worstRatio(composed.out, fused.out, ATOL, RTOL)).toBeLessThanOrEqual(1);
      expect(composed.grads.length).toBe(fused.grads.length);
      composed.grads.forEach((g, i) => expect(worstRatio(g, fused.grads[i], ATOL, RTOL), `gradient ${i}`).toBeLessThanOrEqual(1));
    });
  }

  it('a backend without fused kernels really takes the composed path', async () => {
    await d.setBackend('ref-primitives');
    const probe = d.getBackend();
    expect(probe.kernels.conv2d).toBeUndefined();
    d.tidy(() => {
      const y = d.conv2d(d.randn([1, 1, 3, 3]), d.randn([1, 1, 2, 2]));
      expect(y.backend).toBe('ref-primitives');
    });
    await d.setBackend('reference');
  });
});
