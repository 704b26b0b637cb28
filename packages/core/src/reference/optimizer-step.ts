// The fused optimizer step in float64 (stored as float32), written straight
// from the rules in `OptimizerStepAttrs`.
import type { OptimizerStepAttrs, TensorInfo } from '../backend/contract.js';
import { dataOf } from './memory.js';

/**
 * One optimizer update of one parameter; see the contract's `optimizerStep`.
 *
 * @example
 * ```ts
 * optimizerStepKernel(p, g, [m, v], outP, [outM, outV], { ...defaultOptimizerAttrs('adam'), lr: 1e-3, biasCorrection1: 0.1, biasCorrection2: 0.001 });
 * ```
 */
export function optimizerStepKernel(param: TensorInfo, grad: TensorInfo, state: readonly TensorInfo[], outParam: TensorInfo, outState: readonly TensorInfo[], a: OptimizerStepAttrs): void {
  const p = dataOf(param, 'optimizerStep', 'param');
  const gs = dataOf(grad, 'optimizerStep', 'grad');
  const s = state.map((t, i) => dataOf(t, 'optimizerStep', `state[${i}]`));
  const o = outState.map((t, i) => dataOf(t, 'optimizerStep', `outState[${i}]`));
  const op = dataOf(outParam, 'optimizerStep', 'outParam');
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const g = a.weightDecay && !a.decoupled ? gs[i] + a.weightDecay * pi : gs[i];
    if (a.kind === 'sgd') {
      let d = g;
      if (a.momentum > 0) {
        const b = a.first ? g : a.momentum * s[0][i] + (1 - a.dampening) * g;
        o[0][i] = b;
        d = a.nesterov ? g + a.momentum * b : b;
      }
      op[i] = pi - a.lr * d;
    } else if (a.kind === 'adam') {
      const p0 = a.decoupled && a.weightDecay ? pi * (1 - a.lr * a.weightDecay) : pi;
      const m = a.beta1 * s[0][i] + (1 - a.beta1) * g;
      const v = a.beta2 * s[1][i] + (1 - a.beta2) * g * g;
      o[0][i] = m;
      o[1][i] = v;
      let second = v;
      if (a.amsgrad) {
        second = Math.max(s[2][i], v);
        o[2][i] = second;
      }
      op[i] = p0 - (m / (Math.sqrt(second) / Math.sqrt(a.biasCorrection2) + a.eps)) * (a.lr / a.biasCorrection1);
    } else {
      const sq = a.alpha * s[0][i] + (1 - a.alpha) * g * g;
      o[0][i] = sq;
      let k = 1;
      let den: number;
      if (a.centered) {
        const c = a.alpha * s[1][i] + (1 - a.alpha) * g;
        o[1][i] = c;
        k = 2;
        den = Math.sqrt(sq - c * c) + a.eps;
      } else {
        den = Math.sqrt(sq) + a.eps;
      }
      if (a.momentum > 0) {
        const b = a.momentum * s[k][i] + g / den;
        o[k][i] = b;
        op[i] = pi - a.lr * b;
      } else {
        op[i] = pi - a.lr * (g / den);
      }
    }
  }
}
