// Conformance cases of matmul (transposes, broadcast batches, odd and
// blocking-sized shapes, K = 1, empty dims) and of the counter-based random kernel.
import type { RandomAttrs } from '../backend/contract.js';
import { sizeOf } from '../shape.js';
import { accumulated, EXACT, hostTensor, type KernelCase, shapesLabel, type Tolerance, TRANSCENDENTAL } from './conformance-case.js';
import { randomFloats, type SeededRandom } from './random-inputs.js';

/** A matmul problem: batch dims of each side, M, K, N and the transpose flags. */
interface MatmulGeometry {
  batchA: number[];
  batchB: number[];
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

const FLAGS: readonly [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

function matmulGeometries(rng: SeededRandom): MatmulGeometry[] {
  const list: MatmulGeometry[] = [];
  const plain = (m: number, k: number, n: number, batchA: number[] = [], batchB: number[] = []) => {
    for (const [transA, transB] of FLAGS) list.push({ batchA, batchB, m, k, n, transA, transB });
  };
  plain(2, 3, 2);
  plain(rng.int(3, 9), rng.int(3, 9), rng.int(3, 9));
  plain(rng.int(2, 6), 1, rng.int(2, 6)); // K = 1: outer product
  plain(1, rng.int(5, 17), 1); // a dot product
  plain(67, 131, 45); // large and odd enough to cross any register or cache blocking
  plain(rng.int(2, 5), rng.int(2, 5), rng.int(2, 5), [2, 1], [3]); // both sides broadcast their batch
  plain(rng.int(2, 5), rng.int(2, 5), rng.int(2, 5), [], [rng.int(2, 4)]); // a unbatched
  plain(rng.int(2, 5), rng.int(2, 5), rng.int(2, 5), [2, 3], [2, 3]); // same batch
  const t = (): boolean => rng.chance(0.5);
  list.push({ batchA: [], batchB: [], m: 0, k: 4, n: 3, transA: t(), transB: t() }); // M = 0
  list.push({ batchA: [], batchB: [], m: 3, k: 0, n: 5, transA: t(), transB: t() }); // K = 0: zeros
  list.push({ batchA: [], batchB: [], m: 4, k: 3, n: 0, transA: t(), transB: t() }); // N = 0
  list.push({ batchA: [0], batchB: [1], m: 2, k: 3, n: 2, transA: t(), transB: t() }); // empty batch
  list.push({ batchA: [1, 1], batchB: [1], m: 1, k: 1, n: 1, transA: t(), transB: t() }); // all ones
  return list;
}

/**
 * matmul on float32: every geometry with every transpose combination where
 * it matters. Tolerance: K-term dot products accumulated in float32.
 *
 * @example
 * ```ts
 * matmulCases(new SeededRandom(1, 'matmul')).length; // > 0
 * ```
 */
export function matmulCases(rng: SeededRandom): KernelCase[] {
  return matmulGeometries(rng).map((g) => {
    const aShape = [...g.batchA, ...(g.transA ? [g.k, g.m] : [g.m, g.k])];
    const bShape = [...g.batchB, ...(g.transB ? [g.n, g.k] : [g.k, g.n])];
    const batch = broadcastBatch(g.batchA, g.batchB);
    const outShape = [...batch, g.m, g.n];
    return {
      kernel: 'matmul',
      label: `transA ${g.transA} transB ${g.transB} ${shapesLabel([aShape, bShape], outShape)}`,
      inputs: [hostTensor(aShape, 'float32', randomFloats(rng, sizeOf(aShape))), hostTensor(bShape, 'float32', randomFloats(rng, sizeOf(bShape)))],
      output: { shape: outShape, dtype: 'float32' },
      run: (k, [a, b], out) => k.matmul(a, b, out, g.transA, g.transB),
      tolerance: accumulated(g.k, [0, 1]),
    } satisfies KernelCase;
  });
}

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/**
 * Tolerances of the random kernel against the float64 formula:
 * - uniform: a + (b − a)·u with u exact (a multiple of 2⁻²⁴) and a, b exact
 *   in float32 rounds up to three times: 1e-6 relative to |a| + |b|, given as atol.
 * - normal: log, sqrt and cos in float32: transcendental.
 * - bernoulli: u < a compares exact values (a is chosen exact in float32), so exact.
 */
function randomTolerance(attrs: RandomAttrs): Tolerance {
  if (attrs.kind === 'bernoulli') return EXACT;
  if (attrs.kind === 'normal') return TRANSCENDENTAL;
  return { kind: 'close', atol: 1e-6 * (Math.abs(attrs.a) + Math.abs(attrs.b)), rtol: 1e-6 };
}

/**
 * random: each distribution with random keys and offsets, including a counter crossing 2^32, on empty to long outputs.
 *
 * @example
 * ```ts
 * randomCases(new SeededRandom(1, 'random')).length; // > 0
 * ```
 */
export function randomCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  const key = () => rng.int(0, 0xffffffff);
  const params: Record<RandomAttrs['kind'], [number, number][]> = {
    uniform: [[0, 1], [-2.5, 4]],
    normal: [[0, 1], [1.5, 0.25]],
    bernoulli: [[0.375, 0], [0.8125, 0]],
  };
  for (const kind of ['uniform', 'normal', 'bernoulli'] as const)
    for (const [a, b] of params[kind])
      for (const [shape, offset] of [
        [[rng.int(20, 60), rng.int(20, 60)], rng.int(0, 1 << 20)],
        [[rng.int(3, 9)], 2 ** 32 - rng.int(1, 3)],
        [[0], 0],
        [[], rng.int(0, 1000)],
      ] as [number[], number][]) {
        const attrs: RandomAttrs = { kind, key0: key(), key1: key(), offset, a, b };
        cases.push({
          kernel: 'random',
          label: `${kind} a ${a} b ${b} offset ${offset} ${shapesLabel([], shape)}`,
          inputs: [],
          output: { shape, dtype: 'float32' },
          run: (k, _, out) => k.random(out, attrs),
          tolerance: randomTolerance(attrs),
        });
      }
  return cases;
}
