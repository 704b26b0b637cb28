// Every CNN of the zoo (in small configurations and inputs) runs on WebGPU
// and matches wasm within 1e-3 relative (lavapipe on CI). Skips with a
// printed reason where there is no WebGPU adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { ZOO } from '../src/index.js';

process.env.XDG_RUNTIME_DIR ??= '/tmp';

// name -> [config, input [C, H, W]]
const CASES: Record<string, [Record<string, unknown>, number[]]> = {
  alexnet: [{ width: 1 / 16, hidden: 8, numClasses: 10 }, [3, 64, 64]],
  'alexnet-lrn': [{ width: 1 / 16, hidden: 8, numClasses: 10 }, [3, 64, 64]],
  zfnet: [{ width: 1 / 16, hidden: 8, numClasses: 10 }, [3, 64, 64]],
  vgg16_bn: [{ width: 1 / 32, hidden: 8, numClasses: 10, poolSize: 1 }, [3, 32, 32]],
  vgg19: [{ width: 1 / 32, hidden: 8, numClasses: 10, poolSize: 1 }, [3, 32, 32]],
  googlenet: [{ width: 1 / 16, numClasses: 10 }, [3, 64, 64]],
  resnet34: [{ width: 1 / 16, numClasses: 10, blocks: [1, 2, 1, 1] }, [3, 32, 32]],
  resnet101: [{ width: 1 / 32, numClasses: 10, blocks: [1, 2, 1, 1] }, [3, 32, 32]],
  resnet20: [{ inChannels: 1 }, [1, 28, 28]],
  'alexnet-small': [{}, [1, 28, 28]],
  'vgg11-small': [{}, [1, 28, 28]],
};

let why: string | null = null;

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  try {
    // A computed specifier, so the typecheck of this package does not pull WebGPU's sources (and DOM types) in.
    const pkg = '@dendrite/backend-webgpu';
    const { createWebGPUBackend } = (await import(/* @vite-ignore */ pkg)) as { createWebGPUBackend: () => Promise<d.Backend> };
    d.registerBackend('webgpu', () => createWebGPUBackend(), { priority: 0 });
    await d.setBackend('webgpu');
    console.log(`[models webgpu] running on: ${d.getBackend().capabilities.description}`);
  } catch (err) {
    why = `no WebGPU adapter here: ${(err as Error).message.split('\n')[0]}`;
    console.log(`[models webgpu] SKIPPED: ${why}`);
  }
  await d.setBackend('wasm');
});
afterAll(async () => {
  await d.setBackend('reference');
});

describe('CNN zoo on WebGPU against wasm', () => {
  for (const [name, [config, input]] of Object.entries(CASES)) {
    it(`${name}: eval logits within 1e-3 relative of wasm`, async (ctx) => {
      if (why) ctx.skip();
      await d.setBackend('wasm');
      d.seed(3);
      const ref = ZOO[name].create(config);
      ref.eval();
      // Running statistics away from 0/1, so eval-mode batch norm does real work.
      for (const [n, b] of ref.namedBuffers()) {
        if (n.endsWith('running_mean')) b.assign(d.mul(d.randn(b.shape), 0.1));
        if (n.endsWith('running_var')) b.assign(d.add(d.rand(b.shape), 0.5));
      }
      const x = d.randn([1, ...input]);
      const want = (await d.noGrad(() => ref.forward(x)).data()) as Float32Array;
      const state = ref.stateDict();
      const hostX = await x.data();

      await d.setBackend('webgpu');
      const gpu = ZOO[name].create(config);
      gpu.loadStateDict(state);
      gpu.eval();
      const xg = d.tensor(hostX as Float32Array, [1, ...input]);
      const out = d.noGrad(() => gpu.forward(xg));
      const got = (await out.data()) as Float32Array;
      let err = 0;
      let scale = 0;
      want.forEach((w, i) => {
        err = Math.max(err, Math.abs(got[i] - w));
        scale = Math.max(scale, Math.abs(w));
      });
      // 1e-3 of the largest logit: float32 sums in a different order (tiled GEMM vs packed panels) over up to ~5,000 terms.
      expect(err / scale).toBeLessThan(1e-3);
      d.dispose([out, xg]);
      gpu.dispose();
      await d.setBackend('wasm');
      d.dispose([x]);
      ref.dispose();
    });
  }
});
