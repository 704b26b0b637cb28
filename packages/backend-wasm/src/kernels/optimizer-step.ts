import type { OptimizerStepAttrs, TensorInfo } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';

// The fused optimizer step (assembly/optimizer-step.ts): one elementwise pass
// per parameter. Derived scalars (1 − β, lr / (1 − β1^t), ...) are computed
// here in float64 and rounded once, as core's composition rounds its scalars.

const ptrOf = (t: TensorInfo | undefined) => (t ? (t.handle as WasmBuffer).ptr : 0);

// Flag bits shared with assembly/optimizer-step.ts.
const L2 = 1;
const MOMENTUM = 2;
const NESTEROV = 4;
const FIRST = 8;
const DECOUPLED = 16;
const AMSGRAD = 32;
const CENTERED = 64;

/**
 * One optimizer update of one parameter (SGD, Adam/AdamW or RMSprop); see
 * core's `OptimizerStepAttrs`.
 *
 * @example
 * ```ts
 * optimizerStep(rt, p, g, [m, v], outP, [outM, outV], attrs);
 * ```
 */
export function optimizerStep(rt: WasmRuntime, param: TensorInfo, grad: TensorInfo, state: readonly TensorInfo[], outParam: TensorInfo, outState: readonly TensorInfo[], a: OptimizerStepAttrs): void {
  const n = param.shape.reduce((x, y) => x * y, 1);
  if (n === 0) return;
  const p = ptrOf(param);
  const g = ptrOf(grad);
  const op = ptrOf(outParam);
  const l2 = a.weightDecay !== 0 && !(a.kind === 'adam' && a.decoupled) ? L2 : 0;
  const work = n * 8;
  if (a.kind === 'sgd') {
    const mom = a.momentum > 0;
    const flags = l2 | (mom ? MOMENTUM : 0) | (a.nesterov ? NESTEROV : 0) | (a.first ? FIRST : 0);
    launch(rt, 'sgdStep', [p, g, ptrOf(state[0]), op, ptrOf(outState[0]), n, a.lr, a.weightDecay, a.momentum, 1 - a.dampening, flags], work);
  } else if (a.kind === 'adam') {
    const decoupled = a.decoupled && a.weightDecay !== 0;
    const flags = l2 | (decoupled ? DECOUPLED : 0) | (a.amsgrad ? AMSGRAD : 0);
    launch(rt, 'adamStep', [
      p, g, ptrOf(state[0]), ptrOf(state[1]), ptrOf(state[2]), op, ptrOf(outState[0]), ptrOf(outState[1]), ptrOf(outState[2]), n,
      a.weightDecay, 1 - a.lr * a.weightDecay, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.eps, Math.sqrt(a.biasCorrection2), a.lr / a.biasCorrection1, flags,
    ], work);
  } else {
    const mom = a.momentum > 0;
    const flags = l2 | (a.centered ? CENTERED : 0) | (mom ? MOMENTUM : 0);
    // State order: a, then c when centered, then the momentum buffer.
    const c = a.centered ? 1 : -1;
    const b = mom ? (a.centered ? 2 : 1) : -1;
    launch(rt, 'rmspropStep', [
      p, g, ptrOf(state[0]), ptrOf(state[c]), ptrOf(state[b]), op, ptrOf(outState[0]), ptrOf(outState[c]), ptrOf(outState[b]), n,
      a.lr, a.weightDecay, a.alpha, 1 - a.alpha, a.eps, a.momentum, flags,
    ], work);
  }
}
