// tfjs-backend-wasm (4.22) as the peer in the same process. In Node it runs
// its SIMD build single-threaded (tfjs disables its threaded build in Node).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
// The union package registers the gradients tf.grads needs (tfjs-core alone does not).
import '@tensorflow/tfjs';
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

/**
 * Median ms of conv2d forward (NCHW shapes given; tfjs runs NHWC) and of
 * forward + input gradient. tfjs-backend-wasm has no Conv2DBackpropFilter
 * kernel, so the filter gradient cannot be timed on it at all.
 */
export async function tfjsConv(N, C, H, W, Cout, KH, KW, pad) {
  await tfjsReady();
  const x = tf.randomUniform([N, H, W, C], -0.5, 0.5);
  const w = tf.randomUniform([KH, KW, C, Cout], -0.5, 0.5);
  const fwd = median(timeIt(() => tf.conv2d(x, w, 1, pad).dispose(), 10));
  const g = tf.grad((xx) => tf.sum(tf.conv2d(xx, w, 1, pad)));
  const fwdDx = median(timeIt(() => tf.tidy(() => { g(x).dataSync(); }), 10));
  x.dispose(); w.dispose();
  return { fwd, fwdDx };
}

/**
 * Median ms of depthwiseConv2d forward (NCHW shapes given; tfjs runs NHWC,
 * filter [KH, KW, C, M]) and of forward + input gradient, or null where
 * tfjs-backend-wasm lacks the gradient kernel.
 */
export async function tfjsDepthwise(N, C, H, W, M, KH, KW, stride, pad) {
  await tfjsReady();
  const x = tf.randomUniform([N, H, W, C], -0.5, 0.5);
  const w = tf.randomUniform([KH, KW, C, M], -0.5, 0.5);
  const fwd = median(timeIt(() => tf.depthwiseConv2d(x, w, stride, pad).dispose(), 10));
  let fwdDx = null;
  try {
    const g = tf.grad((xx) => tf.sum(tf.depthwiseConv2d(xx, w, stride, pad)));
    fwdDx = median(timeIt(() => tf.tidy(() => { g(x).dataSync(); }), 10));
  } catch {
    // No DepthwiseConv2dNativeBackpropInput kernel on this backend.
  }
  x.dispose(); w.dispose();
  return { fwd, fwdDx };
}
