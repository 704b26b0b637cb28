import type { DataArray } from '../dtype.js';
import { dispose, noGrad, tidy } from '../engine/scope.js';
import { gradients } from '../autograd/functional.js';
import { detach } from '../autograd/detach.js';
import { GradError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-3: float32 data makes smaller steps noisy). */
  eps?: number;
  /** Allowed |analytic - numeric| <= atol + rtol * |numeric| (defaults 1e-3 and 1e-2, see below). */
  atol?: number;
  /** Relative tolerance (default 1e-2). */
  rtol?: number;
  /** Check at most this many coordinates per input (chosen evenly), to keep big cases fast. */
  maxPoints?: number;
}

/** One mismatch found by `gradcheck`. */
export interface GradcheckFailure {
  /** Index of the input whose gradient differs. */
  input: number;
  /** Flat index of the element within that input. */
  index: number;
  /** The gradient autograd computed. */
  analytic: number;
  /** The central finite difference. */
  numeric: number;
}

/** What `gradcheck` returns. */
export interface GradcheckResult {
  /** Whether every checked coordinate is within the tolerance. */
  ok: boolean;
  /** The largest |analytic - numeric| seen. */
  maxError: number;
  /** Number of coordinates checked. */
  checked: number;
  /** The coordinates outside the tolerance. */
  failures: GradcheckFailure[];
}

/**
 * Compares autograd's gradient of `sum(fn(...inputs) * w)` (w a fixed random
 * weighting, so every output element matters) with central finite differences.
 * The function is evaluated in float32 (that is what backends compute) but
 * the differences and the weighted sum are accumulated in float64 on the host.
 *
 * Tolerances: with eps = 1e-3 and float32 evaluation, the truncation error is
 * O(eps²·f''') ≈ 1e-6 and the rounding error is about 2⁻²⁴·|f| / eps ≈ 6e-5·|f|;
 * atol 1e-3 + rtol 1e-2 covers both for |f| up to ~10 while still catching
 * any wrong gradient formula (which errs by O(1)).
 *
 * @example
 * ```ts
 * const r = gradcheck((x) => tanh(x), [randn([3, 4])]);
 * expect(r.ok).toBe(true);
 * ```
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const steps = gradcheckSteps(fn, inputs, options);
  let next = steps.next();
  while (!next.done) next = steps.next(next.value.dataSync());
  return next.value;
}

/**
 * `gradcheck` for backends that read asynchronously (WebGPU): the same
 * check, reading every value with `await t.data()`.
 *
 * @example
 * ```ts
 * const r = await gradcheckAsync((x) => tanh(x), [randn([3, 4])]);
 * ```
 */
export async function gradcheckAsync(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): Promise<GradcheckResult> {
  const steps = gradcheckSteps(fn, inputs, options);
  let next = steps.next();
  while (!next.done) next = steps.next(await next.value.data());
  return next.value;
}

/**
 * The check as a generator: it yields each tensor whose values it needs and
 * is resumed with them, so one body serves the synchronous and the
 * asynchronous driver. A yielded tensor stays alive until the generator resumes.
 */
function* gradcheckSteps(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions): Generator<Tensor, GradcheckResult, DataArray> {
  const eps = options.eps ?? 1e-3;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const maxPoints = options.maxPoints ?? 64;
  const values: Float64Array[] = [];
  for (const t of inputs) values.push(Float64Array.from(yield t));
  const shapes = inputs.map((t) => t.shape.slice());
  const grads = inputs.map((t) => t.requiresGrad || t.dtype === 'float32');

  // A fixed weighting of the outputs, deterministic per call.
  const firstOut = noGrad(() => tidy(() => fn(...inputs.map((t) => detach(t)))));
  const outShape = firstOut.shape.slice();
  const wdata = new Float64Array(firstOut.size);
  for (let i = 0; i < wdata.length; i++) wdata[i] = Math.sin(1.3 * i + 0.7) + 1.5;
  firstOut.dispose();

  const makeInputs = () => inputs.map((t, i) => tensor(Float32Array.from(values[i]), shapes[i], t.dtype));
  function* evalAt(k: number, idx: number, delta: number): Generator<Tensor, number, DataArray> {
    const v = values[k][idx];
    values[k][idx] = v + delta;
    const out = noGrad(() => tidy(() => fn(...makeInputs())));
    values[k][idx] = v;
    try {
      const d = yield out;
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i] * wdata[i];
      return s;
    } finally {
      out.dispose();
    }
  }

  const { xs, g } = tidy(() => {
    const xs = makeInputs();
    xs.forEach((x, i) => {
      if (grads[i]) x.requiresGrad = true;
    });
    const out = fn(...xs);
    if (!out.requiresGrad) throw new GradError('gradcheck: the function output does not depend on any input that requires grad');
    const w = tensor(Float32Array.from(wdata), outShape);
    return { xs, g: gradients(sum(mul(out, w)), xs.filter((_, i) => grads[i])) };
  });
  const analytic: (DataArray | null)[] = [];
  try {
    let j = 0;
    for (let i = 0; i < xs.length; i++) {
      if (!grads[i]) analytic.push(null);
      else {
        const gi = g[j++];
        analytic.push(gi ? yield gi : new Float32Array(values[i].length));
      }
    }
  } finally {
    dispose([...xs, ...g.filter((t): t is Tensor => t !== null)]);
  }

  const failures: GradcheckFailure[] = [];
  let maxError = 0;
  let checked = 0;
  for (let k = 0; k < inputs.length; k++) {
    const a = analytic[k];
    if (!a) continue;
    const n = values[k].length;
    const stride = Math.max(1, Math.floor(n / maxPoints));
    for (let idx = 0; idx < n; idx += stride) {
      const numeric = ((yield* evalAt(k, idx, eps)) - (yield* evalAt(k, idx, -eps))) / (2 * eps);
      const err = Math.abs(a[idx] - numeric);
      maxError = Math.max(maxError, err);
      checked++;
      if (!(err <= atol + rtol * Math.abs(numeric))) failures.push({ input: k, index: idx, analytic: a[idx], numeric });
    }
  }
  return { ok: failures.length === 0, maxError, checked, failures };
}
