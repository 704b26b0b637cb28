// DistributedDataParallel's bookkeeping in one process, over a recording
// stand-in for a process group of one rank (runs everywhere, MPI or not):
// bucket layout, launches during backward in bucket order, noSync,
// unused-parameter errors, and flat memory. Averaging across real ranks is
// tested under mpirun (mpi.test.ts).
import { add, memory, seed, type Tensor, tensor, tidy } from '@dendrite/core';
import { Linear, Module, ReLU, Sequential } from '@dendrite/layers';
import { describe, expect, it } from 'vitest';
import { DistributedDataParallel } from '../src/ddp.js';
import type { HostArray, ProcessGroup, Work } from '../src/process-group.js';
import { toWork } from '../src/work.js';

/** One rank: every collective is the identity; all-reduces are recorded with the moment they were started. */
function recordingGroup() {
  const launches: { length: number; phase: string }[] = [];
  let phase = 'setup';
  const done = <T>(v: T): Work<T> => toWork(Promise.resolve(v));
  const group = {
    backend: 'recording',
    rank: 0,
    worldSize: 1,
    localRank: 0,
    localSize: 1,
    allReduceHost: (data: HostArray) => {
      launches.push({ length: data.length, phase });
      return done(undefined);
    },
    allReduceHostSync: () => {},
    broadcastAsync: (t: Tensor) => done(add(t, 0)),
    allGatherHost: (data: HostArray, out: HostArray) => {
      out.set(data as never);
      return done(undefined);
    },
  } as unknown as ProcessGroup;
  return { group, launches, setPhase: (p: string) => (phase = p) };
}

describe('DistributedDataParallel (one rank, recording group)', () => {
  it('buckets parameters last-first under the cap and launches each during backward, in order', async () => {
    seed(2);
    const before = memory().numTensors;
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 8), new Linear(8, 3));
    const rec = recordingGroup();
    // 160 bytes = 40 floats; parameters last first: 3 + 24 + 8 | 64 (alone: larger than the cap) | 8 + 32.
    const ddp = await DistributedDataParallel.wrap(model, { group: rec.group, bucketCapMB: 160 / 2 ** 20 });
    expect(ddp.bucketSizes).toEqual([35, 64, 40]);
    expect(ddp.bucketSizes.reduce((a, b) => a + b)).toBe(model.numParameters());
    const x = tensor([[0.5, -1, 2, 0.25], [1, 1, -0.5, 0.3]]);
    rec.setPhase('backward');
    tidy(() => ddp.forward(x).square().sum().backward());
    rec.setPhase('synchronize');
    expect(rec.launches).toEqual([35, 64, 40].map((length) => ({ length, phase: 'backward' })));
    const grads = model.parameters().map((p) => Array.from(p.grad!.dataSync()));
    await ddp.synchronize();
    // One rank: the mean is the gradient itself, written back to .grad.
    expect(model.parameters().map((p) => Array.from(p.grad!.dataSync()))).toEqual(grads);
    expect(ddp.stats).toMatchObject({ steps: 1, bucketsLaunched: 3, bucketsLaunchedInBackward: 3, allReducedBytes: 4 * model.numParameters() });

    // noSync: no launches; the next synchronized backward averages the accumulated sum.
    model.zeroGrad();
    rec.launches.length = 0;
    await ddp.noSync(() => tidy(() => ddp.forward(x).square().sum().backward()));
    expect(rec.launches).toEqual([]);
    tidy(() => ddp.forward(x).square().sum().backward());
    expect(rec.launches).toHaveLength(3);
    await ddp.synchronize();
    const doubled = model.parameters().map((p) => Array.from(p.grad!.dataSync()));
    doubled.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(2 * grads[i][j], 5)));
    ddp.dispose();
    model.zeroGrad();
    model.dispose();
    x.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('names parameters without a gradient, and treats them as zero with findUnusedParameters', async () => {
    class TwoHeads extends Module {
      used = new Linear(2, 2);
      unused = new Linear(2, 2);
      forward(x: Tensor) {
        return this.used.forward(x);
      }
    }
    const model = new TwoHeads();
    const x = tensor([[1, 2]]);
    const strict = await DistributedDataParallel.wrap(model, { group: recordingGroup().group });
    await expect(strict.synchronize()).rejects.toThrow('no parameter has a gradient; call backward() (outside noSync) first');
    tidy(() => strict.forward(x).sum().backward());
    await expect(strict.synchronize()).rejects.toThrow('2 parameter(s) got no gradient in this step: unused.weight, unused.bias; every rank waits');
    strict.dispose();
    model.zeroGrad();
    const lenient = await DistributedDataParallel.wrap(model, { group: recordingGroup().group, findUnusedParameters: true });
    tidy(() => lenient.forward(x).sum().backward());
    await lenient.synchronize();
    expect(Array.from(model.unused.weight.grad!.dataSync())).toEqual([0, 0, 0, 0]);
    lenient.dispose();
    model.zeroGrad();
    model.dispose();
    x.dispose();
  });
});
