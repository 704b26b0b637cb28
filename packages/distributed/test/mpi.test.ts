// The package under mpirun, with 2 and 3 ranks on this machine (3 ranks
// oversubscribe 2 cores). Skips, printing why, where Open MPI or the binding
// is missing.
import { describe, expect, it } from 'vitest';
import { mpirun, mpiSkipReason, results } from './mpirun.js';

const skip = mpiSkipReason();
if (skip) console.log(`[distributed tests] SKIPPED mpirun tests: ${skip}`);
const suite = skip ? describe.skip : describe;

interface Collectives {
  rank: number;
  size: number;
  checks: number;
  failures: string[];
}
interface DdpResult {
  rank: number;
  maxDiff: number;
  maxWeight: number;
  identical: boolean;
  stats: { steps: number; bucketsLaunched: number; bucketsLaunchedInBackward: number };
  shards: { shuffle: boolean; distinct: number; length: number; covers: boolean }[];
}

// DDP vs one process with the global batch: the same math in another order.
// DDP averages N per-rank means of B gradients; one process takes one mean of
// N·B. Each float32 gradient element then differs by a few roundings
// (≈ (log2(N·B) + N) · 2^-24 relative), and 6 SGD steps (lr 0.1, momentum
// 0.9) carry that into the weights (|w| ≤ 0.35). Measured: 3e-8 (one ulp at
// 0.3). Allowed: 1e-6, ~50 ulps at that scale — a wrong average (a missing
// rank, sum instead of mean, a stale bucket) moves weights by > 1e-3.
// syncbn adds BatchNorm with statistics all-reduced as Σx, Σx² (E[x²] −
// E[x]², another few roundings) and compares running statistics (≈ 1) too:
// measured 1.2e-7, allowed 1e-6 × max(1, |w|max). Without synchronization
// the same run differs by 5.6e-2.

const DDP_TOLERANCE = 1e-6;

suite.each([2, 3])('mpirun -np %i', (np) => {
  it('collectives match a float64 reference on wasm and reference-backend tensors, bit-identical on every rank', async () => {
    const run = await mpirun(np, 'collectives.mjs');
    const rows = results<Collectives>(run, 'COLLECTIVES');
    expect(rows, run.output).toHaveLength(np);
    for (const r of rows) {
      expect(r.failures, `rank ${r.rank}`).toEqual([]);
      expect(r.size).toBe(np);
      expect(r.checks).toBeGreaterThan(80);
    }
    expect(run.code, run.output).toBe(0);
  });

  for (const mode of ['loop', 'accumulate', 'fit', 'syncbn']) {
    it(`DDP (${mode}) gives the weights of one process with the N·B batch, identical bits on every rank`, async () => {
      const run = await mpirun(np, 'ddp-equivalence.mjs', [mode]);
      const rows = results<DdpResult>(run, 'DDP');
      expect(rows, run.output).toHaveLength(np);
      for (const r of rows) {
        expect(r.identical, `rank ${r.rank} weights differ from another rank's`).toBe(true);
        // Several buckets per step (2 KiB cap), all started during backward.
        expect(r.stats.steps).toBe(6);
        expect(r.stats.bucketsLaunched).toBeGreaterThanOrEqual(3 * 6);
        expect(r.stats.bucketsLaunchedInBackward).toBe(r.stats.bucketsLaunched);
      }
      const root = rows.find((r) => r.rank === 0)!;
      console.log(`[distributed tests] np=${np} ${mode}: max |DDP - single process| = ${root.maxDiff.toExponential(2)} (weights up to ${root.maxWeight.toFixed(3)})`);
      expect(root.maxWeight).toBeGreaterThan(0.1);
      expect(root.maxDiff).toBeLessThanOrEqual(DDP_TOLERANCE * Math.max(1, root.maxWeight));
      if (mode === 'fit') {
        // DistributedSampler over K·N·B + 1 samples: every sample in some shard, and only the padding repeats.
        const total = 6 * np * 8 + 1;
        for (const s of root.shards) expect(s).toEqual({ shuffle: s.shuffle, distinct: total, length: Math.ceil(total / np) * np, covers: true });
        expect(root.shards).toHaveLength(2);
      }
      expect(run.code, run.output).toBe(0);
    });
  }
});

suite('failures under mpirun -np 3', () => {
  it('a rank that throws ends every rank, each naming it and its error, within seconds', async () => {
    const run = await mpirun(3, 'failure.mjs', ['throw'], 60_000);
    expect(run.code).not.toBe(0);
    for (const r of [0, 2]) expect(run.output).toContain(`dendrite distributed: rank ${r} of 3 stops: rank 1 failed: Error: boom at step 2`);
    expect(run.seconds).toBeLessThan(30);
  });

  it('a killed rank (SIGKILL, no message) ends every other rank, naming it, within seconds', async () => {
    const run = await mpirun(3, 'failure.mjs', ['kill'], 60_000);
    expect(run.code).not.toBe(0);
    for (const r of [0, 2]) expect(run.output).toMatch(new RegExp(`rank ${r} of 3 stops: rank 1 \\(pid \\d+ on .+\\) died; rank \\d noticed while waiting in `));
    expect(run.seconds).toBeLessThan(30);
  });

  it('models with different shapes are rejected at wrap time on every rank', async () => {
    const run = await mpirun(3, 'failure.mjs', ['mismatch'], 60_000);
    const rows = results<{ rank: number; error: string | null }>(run, 'FAILURE');
    expect(rows, run.output).toHaveLength(3);
    for (const r of rows) {
      expect(r.error).toBe(
        "ShapeError: DistributedDataParallel: the model differs across ranks: rank 0 has parameter 'fc1.weight' [3,4] float32 where rank 1 has parameter 'fc1.weight' [5,4] float32 (entry 1)",
      );
    }
    expect(run.code, run.output).toBe(0);
  });

  it('a script that returns without destroy() still ends the job cleanly', async () => {
    const run = await mpirun(3, 'failure.mjs', ['forget'], 60_000);
    expect(results(run, 'FAILURE'), run.output).toHaveLength(3);
    expect(run.output).not.toContain('exiting improperly');
    expect(run.code, run.output).toBe(0);
  });

  it('an unused parameter is an error naming it, unless findUnusedParameters', async () => {
    const run = await mpirun(3, 'failure.mjs', ['unused'], 60_000);
    const rows = results<{ rank: number; error: string; spareGrad: number[] }>(run, 'FAILURE');
    expect(rows, run.output).toHaveLength(3);
    for (const r of rows) {
      expect(r.error).toContain('ValueError: DistributedDataParallel: 2 parameter(s) got no gradient in this step: spare.weight, spare.bias;');
      expect(r.error).toContain('findUnusedParameters: true');
      expect(r.spareGrad).toEqual([0, 0, 0, 0]);
    }
    expect(run.code, run.output).toBe(0);
  });
});
