// The fused optimizer step (core's `optimizerStep`): one elementwise shader
// per rule and option set, binding only the state tensors that set uses.
// Derived scalars (1 − β, lr / (1 − β1^t), ...) are computed in float64 here
// and rounded once, as core's composition rounds its scalars.
import { type OptimizerStepAttrs, optimizerStateSlots, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf } from './layout.js';
import { Params } from './params.js';

/**
 * Storage buffers the largest option sets bind (the parameters, p, g, three
 * state tensors and their four outputs); a device with fewer per shader stage
 * leaves the kernel out of its table and the core composes the step.
 */
export const OPTIMIZER_STEP_BUFFERS = 10;

// P: n, lr, wd, momentum, 1 − dampening, decay, β1, 1 − β1, β2, 1 − β2, eps, √bc2, stepSize, α, 1 − α.
const SCALARS = '  let lr = pf(1); let wd = pf(2); let mom = pf(3); let omd = pf(4); let decay = pf(5); let b1 = pf(6); let ob1 = pf(7);\n' +
  '  let b2 = pf(8); let ob2 = pf(9); let eps = pf(10); let sc2 = pf(11); let stepSize = pf(12); let alpha = pf(13); let oma = pf(14);\n';

/** The update body of one option set, in the contract's order of operations; `s<k>`/`o<k>` are state slot k in and out. */
function body(a: OptimizerStepAttrs, l2: boolean): string {
  const g = `  var gv = g[i];\n  let pv = p[i];\n${l2 ? '  gv = gv + pv * wd;\n' : ''}`;
  if (a.kind === 'sgd') {
    if (!(a.momentum > 0)) return `${g}  outP[i] = pv - gv * lr;\n`;
    const b = a.first ? '  let bv = gv;\n' : '  let bv = s0[i] * mom + gv * omd;\n';
    return `${g}${b}  o0[i] = bv;\n  let d = ${a.nesterov ? 'gv + bv * mom' : 'bv'};\n  outP[i] = pv - d * lr;\n`;
  }
  if (a.kind === 'adam') {
    const p0 = a.decoupled && a.weightDecay !== 0 ? 'pv * decay' : 'pv';
    const ams = a.amsgrad ? '  let second = max(s2[i], vv);\n  o2[i] = second;\n' : '  let second = vv;\n';
    return `${g}  let mv = s0[i] * b1 + gv * ob1;\n  let vv = s1[i] * b2 + (gv * gv) * ob2;\n  o0[i] = mv;\n  o1[i] = vv;\n${ams}` +
      `  let denom = sqrt(second) / sc2 + eps;\n  outP[i] = ${p0} - (mv / denom) * stepSize;\n`;
  }
  const k = a.centered ? 2 : 1;
  const den = a.centered
    ? '  let cv = s1[i] * alpha + gv * oma;\n  o1[i] = cv;\n  let den = sqrt(sq - cv * cv) + eps;\n'
    : '  let den = sqrt(sq) + eps;\n';
  const upd = a.momentum > 0 ? `  let bv = s${k}[i] * mom + gv / den;\n  o${k}[i] = bv;\n  outP[i] = pv - bv * lr;\n` : '  outP[i] = pv - (gv / den) * lr;\n';
  return `${g}  let sq = s0[i] * alpha + (gv * gv) * oma;\n  o0[i] = sq;\n${den}${upd}`;
}

function shader(a: OptimizerStepAttrs, slots: number, reads: number, l2: boolean): string {
  const names = ['outP', ...Array.from({ length: slots }, (_, k) => `o${k}`), 'p', 'g', ...Array.from({ length: reads }, (_, k) => `s${k}`)];
  const decls = names.map((name, k) => `@group(0) @binding(${k + 1}) var<storage, ${k <= slots ? 'read_write' : 'read'}> ${name}: array<f32>;`).join('\n');
  return `${PRELUDE}\n${decls}\n${MAIN_1D}${SCALARS}${body(a, l2)}}`;
}

/**
 * One optimizer update of one parameter (SGD, Adam/AdamW or RMSprop); see
 * core's `OptimizerStepAttrs`.
 *
 * @example
 * ```ts
 * optimizerStep(rt, p, g, [m, v], outP, [outM, outV], attrs);
 * ```
 */
export function optimizerStep(rt: GPURuntime, param: TensorInfo, grad: TensorInfo, state: readonly TensorInfo[], outParam: TensorInfo, outState: readonly TensorInfo[], a: OptimizerStepAttrs): void {
  const n = sizeOf(param.shape);
  if (n === 0) return;
  const slots = optimizerStateSlots(a).length;
  // SGD's first momentum step does not read the buffer (an unused binding would be dropped from the layout).
  const reads = a.kind === 'sgd' && a.first ? 0 : slots;
  const l2 = a.weightDecay !== 0 && !(a.kind === 'adam' && a.decoupled);
  const p = new Params().u32(n).f32(a.lr).f32(a.weightDecay).f32(a.momentum).f32(1 - a.dampening).f32(1 - a.lr * a.weightDecay)
    .f32(a.beta1).f32(1 - a.beta1).f32(a.beta2).f32(1 - a.beta2).f32(a.eps).f32(Math.sqrt(a.biasCorrection2)).f32(a.lr / a.biasCorrection1)
    .f32(a.alpha).f32(1 - a.alpha);
  const buf = (t: TensorInfo, name: string) => bufferOf(t, 'optimizerStep', name);
  const buffers = [
    buf(outParam, 'outParam'), ...outState.slice(0, slots).map((t, k) => buf(t, `outState[${k}]`)),
    buf(param, 'param'), buf(grad, 'grad'), ...state.slice(0, reads).map((t, k) => buf(t, `state[${k}]`)),
  ];
  rt.dispatch(shader(a, slots, reads, l2), buffers, p.words(), rt.grid1d(n));
}
