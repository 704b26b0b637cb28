// L-BFGS, PyTorch's algorithm without line search: each step() runs up to
// maxIter quasi-Newton iterations, re-evaluating the loss through a closure.
// Vectors stay on the backend; only scalars (dot products, the loss) are read,
// asynchronously, so it runs on every backend.
import { abs, add, concat, describeValue, keep, max, mul, neg, noGrad, sliceAxis, sub, sum, type Tensor, tidy, ValueError, zerosLike } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';
import { checkRange } from './hyper.js';
import { type BaseHyper, checkMeta, OptimizerBase, type OptimizerState, type ParamGroupSpec } from './optimizer.js';

/** Hyperparameters of L-BFGS. */
export interface LBFGSHyper extends BaseHyper {
  /** Iterations per `step()` (default 20). */
  maxIter: number;
  /** Closure evaluations per `step()` (default 1.25 · maxIter). */
  maxEval: number;
  /** Stop when the largest gradient entry is below this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the loss or the step changes less than this (default 1e-9). */
  toleranceChange: number;
  /** Curvature pairs remembered (default 100). */
  historySize: number;
}

/** Re-evaluates the model: zero the gradients, compute the loss, call backward, return the loss. */
export type Closure = () => Tensor | Promise<Tensor>;

async function scalar(t: Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/** Runs tensor math without recording gradients, freeing the temporaries. */
function calc(fn: () => Tensor): Tensor {
  return noGrad(() => tidy(fn));
}

function dot(a: Tensor, b: Tensor): Tensor {
  return sum(mul(a, b));
}

/**
 * Limited-memory BFGS. Its `step(closure)` is async and returns the loss
 * before the step.
 *
 * @example
 * ```ts
 * const opt = new LBFGS(model.parameters(), { lr: 1, maxIter: 20 });
 * const closure = () => { opt.zeroGrad(); const l = lossFn(model.forward(x), y); l.backward(); return l; };
 * for (let i = 0; i < 10; i++) await opt.step(closure);
 * ```
 */
export class LBFGS extends OptimizerBase<LBFGSHyper> {
  private dirs: Tensor[] = [];
  private stps: Tensor[] = [];
  private ro: number[] = [];
  private hDiag = 1;
  private d: Tensor | null = null;
  private t = 0;
  private prevFlatGrad: Tensor | null = null;
  private prevLoss = 0;
  private nIter = 0;
  private funcEvals = 0;

  /**
   * L-BFGS; `step(closure)` re-evaluates the loss as often as it needs.
   * @param params - the parameters (one group)
   * @param options - lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize
   */
  constructor(params: Iterable<Parameter>, options: Partial<LBFGSHyper> = {}) {
    const maxIter = options.maxIter ?? 20;
    const h: LBFGSHyper = { lr: 1, maxIter, maxEval: Math.floor(maxIter * 1.25), toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, ...options };
    checkRange('LBFGS', 'maxIter', h.maxIter, 1);
    checkRange('LBFGS', 'historySize', h.historySize, 1);
    super(params as Iterable<Parameter> | readonly ParamGroupSpec<LBFGSHyper>[], h);
    if (this.paramGroups.length !== 1) throw new ValueError("LBFGS: doesn't support per-parameter groups (as PyTorch)");
  }

  /** All gradients as one flat vector (zeros where a parameter has none). */
  private flatGrad(): Tensor {
    return noGrad(() => tidy(() => concat(this.params().map((p) => (p.grad ?? zerosLike(p.value)).reshape([-1])), 0)));
  }

  /** p += step · direction, slicing the flat direction into each parameter's shape. */
  private addDirection(step: number, d: Tensor): void {
    let offset = 0;
    noGrad(() => {
      for (const p of this.params()) {
        const n = p.size;
        const next = tidy(() => add(p.value, mul(sliceAxis(d, 0, offset, offset + n).reshape(p.shape), step)));
        p.assign(next);
        offset += n;
      }
    });
  }

  private setTensor(field: 'd' | 'prevFlatGrad', t: Tensor | null): void {
    const old = this[field];
    this[field] = t ? keep(t) : null;
    if (old && old !== t) old.dispose();
  }

  private async evaluate(closure: Closure): Promise<{ loss: number; grad: Tensor; maxGrad: number }> {
    const lossT = await closure();
    const loss = (await lossT.data())[0];
    lossT.dispose();
    const grad = keep(this.flatGrad());
    const maxGrad = await scalar(calc(() => max(abs(grad))));
    this.funcEvals++;
    return { loss, grad, maxGrad };
  }

  /** The two-loop recursion: d = -H·g from the stored curvature pairs. */
  private async direction(g: Tensor): Promise<Tensor> {
    const k = this.dirs.length;
    const al = new Array<number>(k);
    let q = calc(() => neg(g));
    for (let i = k - 1; i >= 0; i--) {
      al[i] = (await scalar(calc(() => dot(this.stps[i], q)))) * this.ro[i];
      const next = calc(() => sub(q, mul(this.dirs[i], al[i])));
      q.dispose();
      q = next;
    }
    let r = calc(() => mul(q, this.hDiag));
    q.dispose();
    for (let i = 0; i < k; i++) {
      const be = (await scalar(calc(() => dot(this.dirs[i], r)))) * this.ro[i];
      const next = calc(() => add(r, mul(this.stps[i], al[i] - be)));
      r.dispose();
      r = next;
    }
    return r;
  }

  /** Stores the curvature pair (y, s) of the last step when it is positive-definite. */
  private async remember(g: Tensor): Promise<void> {
    const y = calc(() => sub(g, this.prevFlatGrad!));
    const s = calc(() => mul(this.d!, this.t));
    const ys = await scalar(calc(() => dot(y, s)));
    if (ys > 1e-10) {
      if (this.dirs.length === this.paramGroups[0].historySize) {
        this.dirs.shift()!.dispose();
        this.stps.shift()!.dispose();
        this.ro.shift();
      }
      this.dirs.push(keep(y));
      this.stps.push(keep(s));
      this.ro.push(1 / ys);
      this.hDiag = ys / (await scalar(calc(() => dot(y, y))));
    } else {
      y.dispose();
      s.dispose();
    }
  }

  /**
   * Runs up to `maxIter` iterations. `closure` must zero the gradients,
   * compute the loss, call `backward()` and return the loss.
   */
  async step(closure: Closure): Promise<number> {
    if (typeof closure !== 'function') throw new ValueError('LBFGS.step: needs a closure that re-evaluates the loss and its gradients');
    const group = this.paramGroups[0];
    let { loss, grad, maxGrad } = await this.evaluate(closure);
    const origLoss = loss;
    let evals = 1;
    try {
      if (maxGrad <= group.toleranceGrad) return origLoss;
      for (let n = 1; n <= group.maxIter; n++) {
        this.nIter++;
        if (this.nIter === 1) {
          this.setTensor('d', calc(() => neg(grad)));
        } else {
          await this.remember(grad);
          this.setTensor('d', await this.direction(grad));
        }
        this.setTensor('prevFlatGrad', calc(() => grad.clone()));
        this.prevLoss = loss;
        this.t = this.nIter === 1 ? Math.min(1, 1 / (await scalar(calc(() => sum(abs(grad)))))) * group.lr : group.lr;
        const gtd = await scalar(calc(() => dot(grad, this.d!)));
        if (gtd > -group.toleranceChange) break;
        this.addDirection(this.t, this.d!);
        if (n !== group.maxIter) {
          grad.dispose();
          ({ loss, grad, maxGrad } = await this.evaluate(closure));
          evals++;
        }
        if (n === group.maxIter || evals >= group.maxEval || maxGrad <= group.toleranceGrad) break;
        const stepSize = Math.abs(this.t) * (await scalar(calc(() => max(abs(this.d!)))));
        if (stepSize <= group.toleranceChange || Math.abs(loss - this.prevLoss) < group.toleranceChange) break;
      }
    } finally {
      grad.dispose();
    }
    return origLoss;
  }

  override stateDict(): OptimizerState {
    const tensors: Record<string, Tensor> = {};
    this.dirs.forEach((t, i) => (tensors[`dirs.${i}`] = t));
    this.stps.forEach((t, i) => (tensors[`stps.${i}`] = t));
    if (this.d) tensors.d = this.d;
    if (this.prevFlatGrad) tensors.prevFlatGrad = this.prevFlatGrad;
    const { params: _p, ...hyper } = this.paramGroups[0];
    return { tensors, meta: { type: 'LBFGS', groups: [{ ...hyper }], steps: {}, extra: { ro: this.ro, hDiag: this.hDiag, t: this.t, prevLoss: this.prevLoss, nIter: this.nIter, funcEvals: this.funcEvals } } };
  }

  override validateStateDict(state: OptimizerState, where = 'LBFGS.loadStateDict'): void {
    const meta = checkMeta(where, state, 'LBFGS');
    const extra = meta.extra as Record<string, unknown> | undefined;
    if (!extra || !Array.isArray(extra.ro) || !extra.ro.every((v) => typeof v === 'number')) throw new ValueError(`${where}: not an LBFGS state ('extra.ro' must be an array of numbers)`);
    for (const k of ['hDiag', 't', 'nIter', 'funcEvals']) {
      if (typeof extra[k] !== 'number') throw new ValueError(`${where}: 'extra.${k}' must be a number, got ${describeValue(extra[k])}`);
    }
    if (meta.groups.length !== 1 || meta.groups[0] === null || typeof meta.groups[0] !== 'object') throw new ValueError(`${where}: LBFGS has one parameter group, the state ${meta.groups.length}`);
    const total = this.params().reduce((n, p) => n + p.size, 0);
    for (const [k, t] of Object.entries(state.tensors)) {
      if (!/^(dirs\.\d+|stps\.\d+|d|prevFlatGrad)$/.test(k)) throw new ValueError(`${where}: unexpected entry '${k}'`);
      if (t.rank !== 1 || t.shape[0] !== total) throw new ValueError(`${where}: entry '${k}' must be a flat vector of ${total} values, got shape [${t.shape}]`);
    }
    const pairs = extra.ro.length;
    for (let i = 0; i < pairs; i++) if (!state.tensors[`dirs.${i}`] || !state.tensors[`stps.${i}`]) throw new ValueError(`${where}: curvature pair ${i} is missing`);
  }

  override loadStateDict(state: OptimizerState): void {
    this.validateStateDict(state);
    const extra = state.meta.extra as { ro: number[]; hDiag: number; t: number; prevLoss: number; nIter: number; funcEvals: number };
    const pairs = extra.ro.length;
    this.dispose();
    const copy = (t: Tensor | undefined) => (t ? keep(calc(() => t.clone())) : null);
    for (let i = 0; i < pairs; i++) {
      this.dirs.push(copy(state.tensors[`dirs.${i}`])!);
      this.stps.push(copy(state.tensors[`stps.${i}`])!);
    }
    this.ro = [...extra.ro];
    this.d = copy(state.tensors.d);
    this.prevFlatGrad = copy(state.tensors.prevFlatGrad);
    Object.assign(this, { hDiag: extra.hDiag, t: extra.t, prevLoss: extra.prevLoss, nIter: extra.nIter, funcEvals: extra.funcEvals });
    Object.assign(this.paramGroups[0], state.meta.groups[0], { params: this.paramGroups[0].params });
  }

  override dispose(): void {
    for (const t of [...this.dirs, ...this.stps]) t.dispose();
    this.dirs = [];
    this.stps = [];
    this.ro = [];
    this.setTensor('d', null);
    this.setTensor('prevFlatGrad', null);
    super.dispose();
  }
}
