// tfjs-backend-wasm (4.22) as the peer in the same process. In Node it runs
// its SIMD build single-threaded (tfjs disables its threaded build in Node).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { median, timeIt } from './timing.mjs';

let ready;
/** Initializes the tfjs wasm backend once. */
export function tfjsReady() {
  ready ??= tf.setBackend('wasm').then(() => tf.ready());
  return ready;
}

/** Median ms of an n×n×n matmul (transposes as flags). */
export async function tfjsMatmul(n, _threads, transA = false, transB = false) {
  await tfjsReady();
  const a = tf.randomUniform([n, n], -0.5, 0.5);
  const b = tf.randomUniform([n, n], -0.5, 0.5);
  const ms = median(timeIt(() => tf.matMul(a, b, transA, transB).dispose(), n >= 1024 ? 8 : 20));
  a.dispose(); b.dispose();
  return ms;
}

/** Median ms of conv2d forward (NCHW shapes given; tfjs runs NHWC) and of forward + both gradients. */
export async function tfjsConv(N, C, H, W, Cout, KH, KW, pad) {
  await tfjsReady();
  const x = tf.randomUniform([N, H, W, C], -0.5, 0.5);
  const w = tf.randomUniform([KH, KW, C, Cout], -0.5, 0.5);
  const fwd = median(timeIt(() => tf.conv2d(x, w, 1, pad).dispose(), 10));
  const f = (xx, ww) => tf.conv2d(xx, ww, 1, pad).sum();
  const g = tf.grads(f);
  const both = median(timeIt(() => tf.tidy(() => { const [dx, dw] = g([x, w]); dx.dataSync(); dw.dataSync(); }), 10));
  x.dispose(); w.dispose();
  return { fwd, both };
}
