// tfjs-backend-webgpu 4.22's side of the WebGPU bench, on the same
// navigator.gpu (see gpu.mjs). tfjs's own layouts: NHWC images and HWIO
// filters (same arithmetic as Dendrite's NCHW / OIHW). Every workload waits
// for tfjs's command queue to be submitted and the device to go idle.
import { CONV, MLP } from './shapes.mjs';

/** tfjs on its webgpu backend and its workloads, or `{ reason }` when it cannot run here. */
export async function openTfjs() {
  let tf;
  try {
    // The union package, not tfjs-core alone: only it registers the gradient functions.
    tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return { reason: 'tf.setBackend("webgpu") returned false' };
    await tf.ready();
  } catch (err) {
    return { reason: `tfjs-backend-webgpu failed to start in Node: ${err.message}` };
  }
  const backend = tf.backend();
  const idle = async () => {
    // tfjs keeps one compute pass open across ops: end it before submitting, as its own readback does.
    if (backend.commandEncoder) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
    await backend.device.queue.onSubmittedWorkDone();
  };
  const workload = (step, inputs) => ({
    run: async () => {
      const outs = tf.tidy(step);
      await idle();
      tf.dispose(outs);
    },
    dispose: () => tf.dispose(inputs),
  });
  const info = backend.adapterInfo ?? {};
  const { n, c, h, w, cout, k } = CONV;
  return {
    description: `tfjs-backend-webgpu 4.22 on ${[info.vendor, info.architecture].filter(Boolean).join(' / ') || 'an unnamed adapter'}`,
    matmul(size) {
      const a = tf.randomNormal([size, size]);
      const b = tf.randomNormal([size, size]);
      return workload(() => tf.matMul(a, b), [a, b]);
    },
    convForward() {
      const x = tf.randomNormal([n, h, w, c]);
      const f = tf.randomNormal([k, k, c, cout], 0, 0.1);
      return workload(() => tf.conv2d(x, f, 1, 'same'), [x, f]);
    },
    convForwardBackward() {
      const x = tf.randomNormal([n, h, w, c]);
      const f = tf.randomNormal([k, k, c, cout], 0, 0.1);
      const dy = tf.randomNormal([n, h, w, cout]);
      const grads = tf.grads((xx, ff) => tf.conv2d(xx, ff, 1, 'same'));
      return workload(() => grads([x, f], dy), [x, f, dy]);
    },
    mlpStep() {
      const x = tf.randomNormal([MLP.batch, MLP.inputs]);
      const onehot = tf.oneHot(tf.randomUniform([MLP.batch], 0, MLP.classes, 'int32'), MLP.classes);
      const params = [
        tf.variable(tf.randomNormal([MLP.inputs, MLP.hidden], 0, 0.05)),
        tf.variable(tf.randomNormal([MLP.hidden], 0, 0.05)),
        tf.variable(tf.randomNormal([MLP.hidden, MLP.classes], 0, 0.05)),
        tf.variable(tf.randomNormal([MLP.classes], 0, 0.05)),
      ];
      const optimizer = tf.train.sgd(MLP.lr);
      const loss = () => {
        const [w1, b1, w2, b2] = params;
        return tf.losses.softmaxCrossEntropy(onehot, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2));
      };
      const { run } = workload(() => optimizer.minimize(loss, false, params) ?? [], []);
      return {
        run,
        dispose: () => {
          tf.dispose([x, onehot, ...params]);
          optimizer.dispose();
        },
      };
    },
  };
}
