// Dendrite's side of the WebGPU bench: the built packages (dist), the
// webgpu backend selected, and one workload per table row. A workload's
// `run` enqueues the op and resolves when the device is idle again.
import * as dc from '@dendrite/core';
import { createWebGPUBackend } from '@dendrite/backend-webgpu';
import { CONV, MLP } from './shapes.mjs';

/** Selects Dendrite's webgpu backend; returns its workloads and a description of the adapter. */
export async function openDendrite() {
  dc.registerBackend('webgpu', () => createWebGPUBackend(), { priority: 20 });
  const backend = await dc.setBackend('webgpu');
  dc.seed(1);
  const idle = () => backend.sync();
  /** A workload whose step returns the tensors to free once the device is idle (intermediates go with the tidy scope). */
  const workload = (step, inputs) => ({
    run: async () => {
      const outs = dc.tidy(step);
      await idle();
      dc.dispose(outs);
    },
    dispose: () => dc.dispose(inputs),
  });
  const { n, c, h, w, cout, k } = CONV;
  return {
    description: backend.capabilities.description,
    /** Whether the backend has float16 (shader-f16). */
    float16: backend.capabilities.dtypes.includes('float16'),
    matmul(size, dtype = 'float32') {
      const a = dc.randn([size, size], { dtype });
      const b = dc.randn([size, size], { dtype });
      return workload(() => dc.matmul(a, b), [a, b]);
    },
    convForward() {
      const x = dc.randn([n, c, h, w]);
      const f = dc.randn([cout, c, k, k], { std: 0.1 });
      return workload(() => dc.conv2d(x, f, { padding: 1 }), [x, f]);
    },
    convForwardBackward() {
      const x = dc.randn([n, c, h, w], { requiresGrad: true });
      const f = dc.randn([cout, c, k, k], { std: 0.1, requiresGrad: true });
      const dy = dc.randn([n, cout, h, w]);
      return workload(() => {
        const y = dc.conv2d(x, f, { padding: 1 });
        return [y, ...dc.gradients(y, [x, f], { gradOutput: dy })];
      }, [x, f, dy]);
    },
    mlpStep() {
      const x = dc.randn([MLP.batch, MLP.inputs]);
      const labels = dc.cast(dc.floor(dc.rand([MLP.batch], { high: MLP.classes })), 'int32');
      const shapes = [[MLP.inputs, MLP.hidden], [MLP.hidden], [MLP.hidden, MLP.classes], [MLP.classes]];
      let params = shapes.map((s) => dc.randn(s, { std: 0.05, requiresGrad: true }));
      const step = () => {
        const [w1, b1, w2, b2] = params;
        const loss = dc.crossEntropy(dc.add(dc.matmul(dc.relu(dc.add(dc.matmul(x, w1), b1)), w2), b2), labels);
        const grads = dc.gradients(loss, params);
        const next = dc.noGrad(() => params.map((p, i) => dc.sub(p, dc.mul(grads[i], MLP.lr))));
        for (const p of next) {
          p.requiresGrad = true;
          dc.keep(p);
        }
        const old = params;
        params = next;
        return [loss, ...grads, ...old];
      };
      return { run: workload(step, []).run, dispose: () => dc.dispose([x, labels, ...params]) };
    },
  };
}
