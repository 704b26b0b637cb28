// One optimizer update of one parameter: the backend's fused `optimizerStep`
// kernel when it has one (one kernel instead of ~10-25), else the same rules
// composed from elementwise ops. Optimizers in @dendrite/layers call this.
import { defaultOptimizerAttrs, optimizerStateSlots } from '../backend/optimizer-layout.js';
import type { OptimizerStepAttrs, TensorInfo } from '../backend/contract.js';
import { allocTensor, checkInputs } from '../engine/apply.js';
import { noGrad, tidy } from '../engine/scope.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { fmtShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, maximum, mul, sub } from './binary.js';
import { sqrt, square } from './unary.js';

/** Options of `optimizerStep`. */
export interface OptimizerStepOptions {
  /** Compose the update from elementwise ops even where the backend has the fused kernel (to check one against the other). */
  composed?: boolean;
}

/** The new parameter value and state tensors of one update. */
export interface OptimizerStepResult {
  /** The updated parameter (a new tensor). */
  param: Tensor;
  /** The updated state, in `optimizerStateSlots(attrs)` order (new tensors). */
  state: Tensor[];
}

function checkArgs(param: Tensor, grad: Tensor, state: readonly (Tensor | undefined)[], attrs: OptimizerStepAttrs): void {
  const slots = optimizerStateSlots(attrs);
  if (state.length !== slots.length) throw new ValueError(`optimizerStep: ${attrs.kind} with these options takes ${slots.length} state tensors [${slots.join(', ')}], got ${state.length}`);
  const named: [string, Tensor | undefined][] = [['param', param], ['grad', grad], ...state.map((t, i) => [`state.${slots[i]}`, t] as [string, Tensor | undefined])];
  for (const [name, t] of named) {
    if (!t) continue;
    if (t.dtype !== 'float32') throw new DTypeError(`optimizerStep: '${name}' must be float32 (cast float16 parameters first), got ${t.dtype}`);
    if (!shapesEqual(t.shape, param.shape)) throw new ShapeError(`optimizerStep: '${name}' has shape ${fmtShape(t.shape)}, the parameter ${fmtShape(param.shape)}`);
  }
  for (const k of ['lr', 'weightDecay', 'momentum', 'dampening', 'beta1', 'beta2', 'eps', 'biasCorrection1', 'biasCorrection2', 'alpha'] as const) {
    if (!Number.isFinite(attrs[k])) throw new ValueError(`optimizerStep: attribute '${k}' must be a finite number, got ${attrs[k]}`);
  }
  if (attrs.kind === 'adam' && (attrs.biasCorrection1 <= 0 || attrs.biasCorrection2 <= 0)) {
    throw new ValueError(`optimizerStep: adam's bias corrections must be > 0, got ${attrs.biasCorrection1} and ${attrs.biasCorrection2}`);
  }
}

/** The update from elementwise ops; a missing state tensor is zeros (a fresh optimizer). */
function composed(p: Tensor, grad: Tensor, s: readonly (Tensor | undefined)[], a: OptimizerStepAttrs): OptimizerStepResult {
  const g = a.weightDecay && !a.decoupled ? add(grad, mul(p, a.weightDecay)) : grad;
  // β·s + (1 − β)·x, or (1 − β)·x from zeros.
  const ema = (prev: Tensor | undefined, x: Tensor, beta: number) => (prev ? add(mul(prev, beta), mul(x, 1 - beta)) : mul(x, 1 - beta));
  if (a.kind === 'sgd') {
    if (!(a.momentum > 0)) return { param: sub(p, mul(g, a.lr)), state: [] };
    const prev = s[0];
    // g·1 is g exactly: without dampening the product is skipped.
    const b = a.first || !prev ? g.clone() : add(mul(prev, a.momentum), a.dampening ? mul(g, 1 - a.dampening) : g);
    const d = a.nesterov ? add(g, mul(b, a.momentum)) : b;
    return { param: sub(p, mul(d, a.lr)), state: [b] };
  }
  if (a.kind === 'adam') {
    const p0 = a.decoupled && a.weightDecay ? mul(p, 1 - a.lr * a.weightDecay) : p;
    const m = ema(s[0], g, a.beta1);
    const v = ema(s[1], square(g), a.beta2);
    const state = [m, v];
    let second = v;
    if (a.amsgrad) {
      second = s[2] ? maximum(s[2], v) : v.clone();
      state.push(second);
    }
    const denom = add(div(sqrt(second), Math.sqrt(a.biasCorrection2)), a.eps);
    return { param: sub(p0, mul(div(m, denom), a.lr / a.biasCorrection1)), state };
  }
  const sq = ema(s[0], square(g), a.alpha);
  const state = [sq];
  let den: Tensor;
  let k = 1;
  if (a.centered) {
    const c = ema(s[1], g, a.alpha);
    state.push(c);
    k = 2;
    den = add(sqrt(sub(sq, square(c))), a.eps);
  } else {
    den = add(sqrt(sq), a.eps);
  }
  if (a.momentum > 0) {
    const prev = s[k];
    const b = prev ? add(mul(prev, a.momentum), div(g, den)) : div(g, den);
    state.push(b);
    return { param: sub(p, mul(b, a.lr)), state };
  }
  return { param: sub(p, mul(div(g, den), a.lr)), state };
}

/** The backend's fused kernel; missing state tensors are allocated as zeros. */
function fused(p: Tensor, grad: Tensor, s: readonly (Tensor | undefined)[], a: OptimizerStepAttrs): OptimizerStepResult {
  const backend = p.backendImpl;
  const zeros = () => allocTensor(backend, p.shape, 'float32', (k, out) => k.fill(out, 0), 'optimizerStep');
  const inputs = s.map((t) => t ?? zeros());
  const outP = allocTensor(backend, p.shape, 'float32', undefined, 'optimizerStep');
  const outS = inputs.map(() => allocTensor(backend, p.shape, 'float32', undefined, 'optimizerStep'));
  const info = (t: Tensor): TensorInfo => t.info();
  if (p.size > 0) backend.kernels.optimizerStep!(info(p), info(grad), inputs.map(info), info(outP), outS.map(info), a);
  inputs.forEach((t, i) => {
    if (t !== s[i]) t.dispose();
  });
  return { param: outP, state: outS };
}

/**
 * One optimizer update of one parameter: returns its new value and state
 * (new tensors; the inputs are left as they are). Uses the backend's fused
 * `optimizerStep` kernel when it has one, else composes the same rules from
 * elementwise ops. `attrs` may omit fields (they take
 * `defaultOptimizerAttrs(kind)`); `state` lists the tensors named by
 * `optimizerStateSlots(attrs)`, `undefined` for zeros (a first step). All
 * tensors are float32 with the parameter's shape. No gradient is recorded.
 *
 * @example
 * ```ts
 * const { param, state } = optimizerStep(w, w.grad!, [m, v], { kind: 'adam', lr: 1e-3, biasCorrection1: 0.1, biasCorrection2: 0.001 });
 * ```
 */
export function optimizerStep(
  param: Tensor,
  grad: Tensor,
  state: readonly (Tensor | undefined)[],
  attrs: Partial<OptimizerStepAttrs> & Pick<OptimizerStepAttrs, 'kind' | 'lr'>,
  options: OptimizerStepOptions = {},
): OptimizerStepResult {
  checkInputs('optimizerStep', [param, grad, ...state.filter((t): t is Tensor => t !== undefined)]);
  const a: OptimizerStepAttrs = { ...defaultOptimizerAttrs(attrs.kind), ...attrs };
  if (a.kind !== 'sgd' && a.kind !== 'adam' && a.kind !== 'rmsprop') throw new ValueError(`optimizerStep: unknown kind '${String(a.kind)}' (expected sgd, adam or rmsprop)`);
  checkArgs(param, grad, state, a);
  return noGrad(() => {
    if (!options.composed && typeof param.backendImpl.kernels.optimizerStep === 'function') return fused(param, grad, state, a);
    return tidy(() => {
      const r = composed(param, grad, state, a);
      return { param: r.param, state: r.state };
    });
  });
}
