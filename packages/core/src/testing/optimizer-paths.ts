// Checks a backend's fused optimizer step against core's composition from
// elementwise ops over several steps, for every rule and option: what a
// training run sees, where the conformance kit checks one call at a time.
import type { OptimizerStepAttrs } from '../backend/contract.js';
import { defaultOptimizerAttrs, optimizerStateSlots } from '../backend/optimizer-layout.js';
import { ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { optimizerStep } from '../ops/optimizer-step.js';
import type { Tensor } from '../tensor/tensor.js';
import { randomFloats, SeededRandom } from './random-inputs.js';

type Attrs = Partial<OptimizerStepAttrs> & Pick<OptimizerStepAttrs, 'kind' | 'lr'>;

/**
 * The option sets `checkOptimizerPaths` runs: every branch of every rule.
 *
 * @example
 * ```ts
 * OPTIMIZER_PATH_CONFIGS.map(([name]) => name); // ['sgd', ...]
 * ```
 */
export const OPTIMIZER_PATH_CONFIGS: readonly (readonly [string, Attrs])[] = [
  ['sgd', { kind: 'sgd', lr: 0.1 }],
  ['sgd momentum dampening wd', { kind: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }],
  ['sgd nesterov', { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }],
  ['adam', { kind: 'adam', lr: 0.01 }],
  ['adam amsgrad L2', { kind: 'adam', lr: 0.01, amsgrad: true, weightDecay: 0.05 }],
  ['adamw', { kind: 'adam', lr: 0.01, weightDecay: 0.1, decoupled: true }],
  ['rmsprop', { kind: 'rmsprop', lr: 0.01 }],
  ['rmsprop centered momentum wd', { kind: 'rmsprop', lr: 0.01, alpha: 0.9, centered: true, momentum: 0.8, weightDecay: 0.02 }],
];

// Both paths compute in float32 from the same inputs: a fused kernel rounds
// about once per output, the composition ~10 times per step. Over 5 steps
// that is ≤ ~50 roundings of terms of order 1 (≈ 3e-6): 2e-5 relative plus
// 2e-6 absolute, while a wrong coefficient errs by ≥ 1e-3.
const ATOL = 2e-6;
const RTOL = 2e-5;

/** 5 steps from one parameter and gradient stream (odd sizes: SIMD tails), fused or composed; the final parameter and state. */
async function run(attrs: Attrs, composed: boolean, size: number): Promise<{ initial: Float32Array; outs: Float32Array[] }> {
  const rng = new SeededRandom(7, 'optimizer-paths');
  const shape = size === 91 ? [7, 13] : [size];
  const initial = randomFloats(rng, size, { lo: -2, hi: 2 });
  let p = tensor(initial, shape);
  const full = { ...defaultOptimizerAttrs(attrs.kind), ...attrs };
  let state: (Tensor | undefined)[] = optimizerStateSlots(full).map(() => undefined);
  for (let step = 1; step <= 5; step++) {
    const g = tensor(randomFloats(rng, size, { lo: -1, hi: 1 }), shape);
    const a = { ...attrs, first: step === 1, biasCorrection1: 1 - 0.9 ** step, biasCorrection2: 1 - 0.999 ** step };
    const r = optimizerStep(p, g, state, a, { composed });
    p.dispose();
    g.dispose();
    for (const t of state) t?.dispose();
    p = r.param;
    state = r.state;
  }
  const all = [p, ...(state as Tensor[])];
  const outs = await Promise.all(all.map(async (t) => Float32Array.from((await t.data()) as Float32Array)));
  for (const t of all) t.dispose();
  return { initial, outs };
}

/**
 * Runs 5 optimizer steps of one option set on the current backend with its
 * fused `optimizerStep` kernel and with core's composition (on a [7, 13]
 * parameter, or `size` elements: large enough to reach a backend's threaded
 * path), and throws a
 * `ValueError` naming the first element where they differ by more than
 * 2e-6 + 2e-5·|x| (or where the parameter did not move). Leaves no tensor behind.
 *
 * @example
 * ```ts
 * await setBackend('wasm');
 * for (const [name] of OPTIMIZER_PATH_CONFIGS) await checkOptimizerPaths(name);
 * ```
 */
export async function checkOptimizerPaths(name: string, options: { size?: number } = {}): Promise<void> {
  const size = options.size ?? 91;
  if (!(Number.isSafeInteger(size) && size > 0)) throw new ValueError(`checkOptimizerPaths: size must be a positive integer, got ${size}`);
  const entry = OPTIMIZER_PATH_CONFIGS.find(([n]) => n === name);
  if (!entry) throw new ValueError(`checkOptimizerPaths: unknown option set '${name}'`);
  const attrs = entry[1];
  const { initial, outs: fused } = await run(attrs, false, size);
  const { outs: composed } = await run(attrs, true, size);
  fused.forEach((f, k) => {
    f.forEach((v, i) => {
      const e = composed[k][i];
      if (!(Math.abs(v - e) <= ATOL + RTOL * Math.abs(e))) throw new ValueError(`checkOptimizerPaths ${name}: output ${k} element ${i}: fused ${v}, composed ${e}`);
    });
  });
  const still = fused[0].findIndex((v, i) => v === initial[i]);
  if (still >= 0) throw new ValueError(`checkOptimizerPaths ${name}: parameter element ${still} did not move (${initial[still]} -> ${fused[0][still]})`);
}
