// Optimizer base: parameter groups with their own hyperparameters, per-
// parameter state tensors, zeroGrad, and a state dict that makes a resumed
// run continue with identical numbers.
import { cast, describeValue, fmtShape, keep, noGrad, type OptimizerStepAttrs, optimizerStateSlots, optimizerStep, ShapeError, shapesEqual, type Tensor, tidy, ValueError } from '@dendrite/core';
import { Parameter } from '../module/parameter.js';

/** Hyperparameters every optimizer has. */
export interface BaseHyper {
  /** Learning rate. */
  lr: number;
}

/** A group of parameters with its own hyperparameters (missing ones take the defaults). */
export type ParamGroupSpec<H> = { params: Iterable<Parameter> } & Partial<H>;

/** A resolved parameter group; schedulers change `lr` here. */
export type ParamGroup<H> = H & { params: Parameter[] };

/** Per-parameter optimizer state: a step count and named tensors (moments...). */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

/** What `stateDict()` returns: tensors (for safetensors) plus JSON-able metadata. */
export interface OptimizerState {
  /** The state tensors (moment estimates, ...) by `<param index>.<buffer>` name. */
  tensors: Record<string, Tensor>;
  /** The optimizer type, each group's options, step counts and extras, as JSON. */
  meta: { type: string; groups: Record<string, unknown>[]; steps: Record<string, number>; extra?: Record<string, unknown> };
}

function toParams(owner: string, it: Iterable<Parameter>, where: string): Parameter[] {
  const ps = [...(it ?? [])];
  ps.forEach((p, i) => {
    if (!(p instanceof Parameter)) throw new ValueError(`${owner}: ${where}[${i}] is not a Parameter (pass model.parameters())`);
  });
  return ps;
}

function isGroupSpec<H>(v: unknown): v is ParamGroupSpec<H> {
  return !!v && typeof v === 'object' && !(v instanceof Parameter) && 'params' in v;
}

/**
 * One update through core's `optimizerStep` (the backend's fused kernel, or
 * its composition from elementwise ops): state buffers by their slot names,
 * as `stateDict` saves them.
 */
export function stepWith(value: Tensor, grad: Tensor, buffers: Record<string, Tensor>, attrs: Partial<OptimizerStepAttrs> & Pick<OptimizerStepAttrs, 'kind' | 'lr'>): { value: Tensor; buffers: Record<string, Tensor> } {
  const slots = optimizerStateSlots({ momentum: 0, amsgrad: false, centered: false, ...attrs });
  const r = optimizerStep(value, grad, slots.map((k) => buffers[k]), attrs);
  return { value: r.param, buffers: Object.fromEntries(slots.map((k, i) => [k, r.state[i]])) };
}

/** Checks the shape of an optimizer state's metadata; returns it typed. */
export function checkMeta(name: string, state: unknown, type: string): OptimizerState['meta'] {
  if (state === null || typeof state !== 'object') throw new ValueError(`${name}: expected an optimizer state { tensors, meta }, got ${describeValue(state)}`);
  const st = state as Partial<OptimizerState>;
  if (st.tensors === null || typeof st.tensors !== 'object') throw new ValueError(`${name}: the state has no 'tensors' table`);
  const meta = st.meta as unknown;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new ValueError(`${name}: the state's 'meta' must be an object, got ${describeValue(meta)}`);
  const m = meta as Record<string, unknown>;
  if (m.type !== type) throw new ValueError(`${name}: the state is from ${typeof m.type === 'string' ? m.type : describeValue(m.type)}, not ${type}`);
  if (!Array.isArray(m.groups)) throw new ValueError(`${name}: the state's 'groups' must be an array, got ${describeValue(m.groups)}`);
  if (m.steps === null || typeof m.steps !== 'object' || Array.isArray(m.steps)) throw new ValueError(`${name}: the state's 'steps' must be an object, got ${describeValue(m.steps)}`);
  if (m.extra !== undefined && (m.extra === null || typeof m.extra !== 'object')) throw new ValueError(`${name}: the state's 'extra' must be an object, got ${describeValue(m.extra)}`);
  return meta as OptimizerState['meta'];
}

/** Saved groups must match the live ones: same count, known keys, same value types, a usable lr. */
function checkGroups(name: string, saved: unknown[], live: Record<string, unknown>[]): void {
  if (saved.length !== live.length) throw new ValueError(`${name}: the state has ${saved.length} parameter groups, this optimizer ${live.length}`);
  saved.forEach((g, i) => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new ValueError(`${name}: group ${i} must be an object of hyperparameters, got ${describeValue(g)}`);
    for (const [k, v] of Object.entries(g)) {
      if (k === 'params' || !Object.hasOwn(live[i], k)) throw new ValueError(`${name}: group ${i} has an unknown hyperparameter '${k}'`);
      const want = live[i][k];
      const ok = Array.isArray(want)
        ? Array.isArray(v) && v.length === want.length && v.every((x) => typeof x === 'number' && Number.isFinite(x))
        : typeof v === typeof want && (typeof v !== 'number' || !Number.isNaN(v));
      if (!ok) throw new ValueError(`${name}: group ${i} hyperparameter '${k}' must be like ${describeValue(want)}, got ${describeValue(v)}`);
    }
    const lr = (g as Record<string, unknown>).lr;
    if (lr !== undefined && !(typeof lr === 'number' && Number.isFinite(lr) && lr >= 0)) throw new ValueError(`${name}: group ${i} 'lr' must be a non-negative finite number, got ${describeValue(lr)}`);
  });
}

/**
 * Shared machinery of all optimizers; subclasses define the update.
 *
 * @example
 * ```ts
 * const opt = new SGD([{ params: backbone.parameters(), lr: 1e-4 }, { params: head.parameters() }], { lr: 1e-2 });
 * opt.paramGroups[1].lr; // 0.01
 * ```
 */
export abstract class OptimizerBase<H extends BaseHyper> {
  /** The parameter groups, each with its own options (`lr` is what schedulers change). */
  readonly paramGroups: ParamGroup<H>[];
  protected readonly state = new Map<Parameter, ParamState>();

  /**
   * Sets up the parameter groups.
   * @param params - the parameters, or groups `{ params, ...options }` overriding the defaults
   * @param defaults - the options of groups that do not set them
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<H>[], defaults: H) {
    const name = new.target.name;
    if (!(typeof defaults.lr === 'number' && defaults.lr >= 0 && Number.isFinite(defaults.lr))) {
      throw new ValueError(`${name}: 'lr' must be a non-negative finite number, got ${JSON.stringify(defaults.lr)}`);
    }
    const items = [...(params as Iterable<unknown>)];
    const groups = items.length && isGroupSpec<H>(items[0]) ? (items as ParamGroupSpec<H>[]) : [{ params: items as Parameter[] } as unknown as ParamGroupSpec<H>];
    this.paramGroups = groups.map((g, i) => ({ ...defaults, ...g, params: toParams(name, g.params, `paramGroups[${i}].params`) }) as ParamGroup<H>);
    const seen = new Set<Parameter>();
    for (const p of this.paramGroups.flatMap((g) => g.params)) {
      if (seen.has(p)) throw new ValueError(`${name}: a parameter appears in more than one group (shape ${fmtShape(p.shape)})`);
      seen.add(p);
    }
    if (!seen.size) throw new ValueError(`${name}: got an empty parameter list`);
  }

  /** Every parameter, in group order (the indices used by `stateDict`). */
  params(): Parameter[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** Frees every parameter's gradient (call before each backward). */
  zeroGrad(): void {
    for (const p of this.params()) p.zeroGrad();
  }

  /** Replaces a parameter's state buffers, keeping the new tensors alive and freeing replaced ones. */
  protected setBuffers(p: Parameter, st: ParamState, next: Record<string, Tensor>): void {
    for (const [k, t] of Object.entries(st.buffers)) if (next[k] !== t) t.dispose();
    for (const t of Object.values(next)) keep(t);
    st.buffers = next;
    this.state.set(p, st);
  }

  /** The optimizer's state (moments, step counts, hyperparameters), for checkpoints. Tensors are live: save them at once. */
  stateDict(): OptimizerState {
    const tensors: Record<string, Tensor> = {};
    const steps: Record<string, number> = {};
    this.params().forEach((p, i) => {
      const st = this.state.get(p);
      if (!st) return;
      steps[i] = st.step;
      for (const [k, t] of Object.entries(st.buffers)) tensors[`${i}.${k}`] = t;
    });
    const groups = this.paramGroups.map(({ params: _p, ...hyper }) => ({ ...hyper }));
    return { tensors, meta: { type: this.constructor.name, groups, steps } };
  }

  /**
   * Throws a typed error (naming `where`, e.g. the file) unless `state` fits
   * this optimizer: its type, groups (same count, known hyperparameters of
   * the same types, finite non-negative `lr`), step counts and tensors. Changes
   * nothing; `loadStateDict` calls it first.
   *
   * @example
   * ```ts
   * opt.validateStateDict(saved); // throws on an SGD state given to Adam
   * ```
   */
  validateStateDict(state: OptimizerState, where = `${this.constructor.name}.loadStateDict`): void {
    const name = where;
    const meta = checkMeta(name, state, this.constructor.name);
    checkGroups(name, meta.groups, this.paramGroups as unknown as Record<string, unknown>[]);
    const params = this.params();
    for (const [key, t] of Object.entries(state.tensors)) {
      const dot = key.indexOf('.');
      const p = dot > 0 && /^\d+$/.test(key.slice(0, dot)) ? params[Number(key.slice(0, dot))] : undefined;
      if (!p) throw new ValueError(`${name}: entry '${key}' names no parameter (this optimizer has ${params.length})`);
      this.checkBuffer(name, key, t, p);
    }
    for (const [k, v] of Object.entries(meta.steps)) {
      if (!/^\d+$/.test(k) || !params[Number(k)]) throw new ValueError(`${name}: step count for parameter ${k}, which does not exist`);
      if (!Number.isSafeInteger(v) || v < 0) throw new ValueError(`${name}: step count of parameter ${k} must be a non-negative integer, got ${describeValue(v)}`);
    }
    // Every parameter with state has the same buffers (a dropped moment would silently restart from zeros).
    const keysOf = new Map<string, string[]>();
    for (const key of Object.keys(state.tensors)) {
      const dot = key.indexOf('.');
      keysOf.set(key.slice(0, dot), [...(keysOf.get(key.slice(0, dot)) ?? []), key.slice(dot + 1)]);
    }
    const union = [...new Set([...keysOf.values()].flat())].sort().join(', ');
    for (const k of new Set([...Object.keys(meta.steps), ...keysOf.keys()])) {
      if (!Object.hasOwn(meta.steps, k)) throw new ValueError(`${name}: parameter ${k} has state tensors but no step count`);
      const have = (keysOf.get(k) ?? []).sort().join(', ');
      if (have !== union) throw new ValueError(`${name}: parameter ${k} has state [${have}], the others [${union}]`);
    }
  }

  /**
   * Restores `stateDict()` output (copying tensors). Validates everything
   * first: a mismatch throws and leaves the optimizer untouched.
   */
  loadStateDict(state: OptimizerState): void {
    this.validateStateDict(state);
    const params = this.params();
    const byParam = new Map<number, Record<string, Tensor>>();
    for (const [key, t] of Object.entries(state.tensors)) {
      const dot = key.indexOf('.');
      const i = Number(key.slice(0, dot));
      byParam.set(i, { ...(byParam.get(i) ?? {}), [key.slice(dot + 1)]: t });
    }
    const copies = noGrad(() => tidy(() => [...byParam].map(([i, bufs]) => [i, Object.fromEntries(Object.entries(bufs).map(([k, t]) => [k, t.clone()]))] as const)));
    for (const st of this.state.values()) for (const t of Object.values(st.buffers)) t.dispose();
    this.state.clear();
    for (const [i, bufs] of copies) this.setBuffers(params[i], { step: state.meta.steps[i] ?? 0, buffers: {} }, bufs as Record<string, Tensor>);
    for (const [k, step] of Object.entries(state.meta.steps)) {
      const p = params[Number(k)];
      if (!this.state.has(p)) this.state.set(p, { step, buffers: {} });
    }
    state.meta.groups.forEach((g, i) => Object.assign(this.paramGroups[i], g, { params: this.paramGroups[i].params }));
  }

  /** Per-parameter buffers have the parameter's shape; LBFGS overrides this. */
  protected checkBuffer(op: string, key: string, t: Tensor, p: Parameter): void {
    if (!shapesEqual(t.shape, p.shape)) throw new ShapeError(`${op}: entry '${key}' has shape ${fmtShape(t.shape)}, the parameter ${fmtShape(p.shape)}`);
  }

  /** Frees the state tensors. */
  dispose(): void {
    for (const st of this.state.values()) for (const t of Object.values(st.buffers)) t.dispose();
    this.state.clear();
  }
}

/**
 * A first-order optimizer: `step()` updates each parameter that has a
 * gradient, from its gradient and state.
 *
 * @example
 * ```ts
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * ```
 */
export abstract class Optimizer<H extends BaseHyper> extends OptimizerBase<H> {
  /** Computes the new value and state of one parameter (inside noGrad and tidy). */
  protected abstract update(value: Tensor, grad: Tensor, group: ParamGroup<H>, step: number, buffers: Record<string, Tensor>): { value: Tensor; buffers: Record<string, Tensor> };

  /** Applies one update to every parameter with a gradient. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const g = p.grad;
          if (!g || !p.requiresGrad) continue;
          const st = this.state.get(p) ?? { step: 0, buffers: {} };
          st.step += 1;
          // float16 parameters update in float32 (state included): Adam's eps = 1e-8 and
          // small second moments underflow in half. Only the new value is rounded to half.
          const half = p.value.dtype === 'float16';
          const next = tidy(() => {
            const r = half ? this.update(cast(p.value, 'float32'), cast(g, 'float32'), group, st.step, st.buffers) : this.update(p.value, g, group, st.step, st.buffers);
            return half ? { value: cast(r.value, 'float16'), buffers: r.buffers } : r;
          });
          this.setBuffers(p, st, next.buffers);
          p.assign(next.value);
        }
      }
    });
  }
}
