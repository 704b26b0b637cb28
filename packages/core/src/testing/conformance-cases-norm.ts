// Conformance cases of softmax, logSoftmax, batchNorm and layerNorm.
import { sizeOf } from '../shape.js';
import { hostTensor, type KernelCase, shapesLabel, type Tolerance } from './conformance-case.js';
import { randomFloats, randomShape, type SeededRandom } from './random-inputs.js';

/**
 * exp and log in float32 are accurate to a few ulp; a row's sum adds ~√D·ε
 * relative; x − max rounds to ε·|x| absolute, which exp turns into ε·|x|
 * relative (≤ 1e-5 for |x| ≤ 120); log-softmax values are differences of
 * O(|x|) terms with error ~ε·|x|, far inside 1e-4 relative. Hence 1e-4
 * relative + 1e-5 absolute (for tiny probabilities).
 */
const SOFTMAX_TOLERANCE: Tolerance = { kind: 'close', atol: 1e-5, rtol: 1e-4 };

/**
 * Normalization divides by √(var + eps) computed in float32 (one-pass or
 * two-pass), relative error ~D·ε for the variance, and rescales by gamma:
 * 1e-4 relative + 1e-5 absolute for outputs of order 1–3.
 */
const NORM_TOLERANCE: Tolerance = { kind: 'close', atol: 1e-5, rtol: 1e-4 };

/**
 * softmax and logSoftmax over the last axis: rows of length 1 to ~300,
 * rank 1..4, empty rows or batches, and large logits (|x| up to 120, where
 * exp overflows float32 unless the row max is subtracted first).
 *
 * @example
 * ```ts
 * softmaxCases(new SeededRandom(1, 'softmax')).logSoftmax.length; // > 0
 * ```
 */
export function softmaxCases(rng: SeededRandom): { softmax: KernelCase[]; logSoftmax: KernelCase[] } {
  const shapes = [
    [rng.int(2, 9)],
    [rng.int(2, 5), rng.int(2, 9)],
    randomShape(rng, 3, 2, 5),
    randomShape(rng, 4, 1, 4),
    [rng.int(2, 5), 1],
    [rng.int(2, 4), rng.int(150, 300)],
    [0, rng.int(2, 5)],
    [rng.int(2, 4), 0],
  ];
  const result = { softmax: [] as KernelCase[], logSoftmax: [] as KernelCase[] };
  for (const kernel of ['softmax', 'logSoftmax'] as const)
    for (const shape of shapes)
      for (const scale of [3, 120]) {
        result[kernel].push({
          kernel,
          label: `|x| <= ${scale} ${shapesLabel([shape], shape)}`,
          inputs: [hostTensor(shape, 'float32', randomFloats(rng, sizeOf(shape), { lo: -scale, hi: scale, minAbs: 0.05 }))],
          output: { shape, dtype: 'float32' },
          run: kernel === 'softmax' ? (k, [x], out) => k.softmax!(x, out) : (k, [x], out) => k.logSoftmax!(x, out),
          tolerance: SOFTMAX_TOLERANCE,
        });
      }
  return result;
}

/**
 * batchNorm with given per-channel statistics: x of rank 2..4, one channel, and unit spatial dims.
 *
 * @example
 * ```ts
 * batchNormCases(new SeededRandom(1, 'batchNorm')).length; // > 0
 * ```
 */
export function batchNormCases(rng: SeededRandom): KernelCase[] {
  const shapes = [randomShape(rng, 4, 2, 5), [rng.int(2, 6), rng.int(2, 5)], randomShape(rng, 3, 2, 6), [rng.int(1, 3), 1, 1, 1], [2, 3, 1, 1]];
  return shapes.map((shape) => {
    const c = shape[1];
    const eps = rng.pick([1e-5, 1e-3]);
    return {
      kernel: 'batchNorm',
      label: `eps ${eps} ${shapesLabel([shape, [c]], shape)}`,
      inputs: [
        hostTensor(shape, 'float32', randomFloats(rng, sizeOf(shape))),
        hostTensor([c], 'float32', randomFloats(rng, c)),
        hostTensor([c], 'float32', randomFloats(rng, c, { lo: 0.1, hi: 4 })),
        hostTensor([c], 'float32', randomFloats(rng, c)),
        hostTensor([c], 'float32', randomFloats(rng, c)),
      ],
      output: { shape, dtype: 'float32' },
      run: (k, [x, mean, variance, gamma, beta], out) => k.batchNorm!(x, mean, variance, gamma, beta, out, eps),
      tolerance: NORM_TOLERANCE,
    } satisfies KernelCase;
  });
}

/**
 * layerNorm over the last axis: rank 1..3, D = 1 (variance 0: out = beta),
 * long rows, and rows with a large common offset (naive E[x²] − E[x]² loses
 * digits there, a correct float32 kernel does not).
 *
 * @example
 * ```ts
 * layerNormCases(new SeededRandom(1, 'layerNorm')).length; // > 0
 * ```
 */
export function layerNormCases(rng: SeededRandom): KernelCase[] {
  const shapes: [number[], number][] = [
    [[rng.int(2, 6), rng.int(4, 12)], 0],
    [randomShape(rng, 3, 2, 5), 0],
    [[rng.int(3, 17)], 0],
    [[rng.int(2, 5), 1], 0],
    [[rng.int(2, 4), rng.int(200, 300)], 0],
    [[rng.int(2, 5), rng.int(8, 16)], 10],
    [[0, rng.int(2, 5)], 0],
  ];
  return shapes.map(([shape, offset]) => {
    const d = shape[shape.length - 1];
    const x = randomFloats(rng, sizeOf(shape));
    for (let i = 0; i < x.length; i++) x[i] += offset;
    const eps = 1e-5;
    return {
      kernel: 'layerNorm',
      label: `offset ${offset} eps ${eps} ${shapesLabel([shape, [d]], shape)}`,
      inputs: [hostTensor(shape, 'float32', x), hostTensor([d], 'float32', randomFloats(rng, d)), hostTensor([d], 'float32', randomFloats(rng, d))],
      output: { shape, dtype: 'float32' },
      run: (k, [xi, gamma, beta], out) => k.layerNorm!(xi, gamma, beta, out, eps),
      tolerance: NORM_TOLERANCE,
    } satisfies KernelCase;
  });
}
