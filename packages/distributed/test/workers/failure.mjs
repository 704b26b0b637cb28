// Failure behaviour. argv[2]:
//   throw    rank 1 throws after two all-reduces; the others keep calling collectives
//   kill     rank 1 kills itself (SIGKILL, no chance to say anything) after two all-reduces
//   mismatch rank 1 builds a model with another shape: wrap() throws on every rank
//   unused   a parameter gets no gradient: synchronize() throws naming it; findUnusedParameters allows it
//   forget   every rank returns without destroy(): the exit hook finalizes MPI, so the job ends cleanly
import { seed, tensor, tidy } from '@dendrite/core';
import { Linear, Module } from '@dendrite/layers';
import { DistributedDataParallel, initProcessGroup, report, useWasm } from './setup.mjs';

const mode = process.argv[2];
await useWasm();
const group = await initProcessGroup({ backend: 'mpi', timeoutMs: 60_000 });
const { rank } = group;

if (mode === 'throw' || mode === 'kill') {
  const x = tensor([1, 2, 3]);
  for (let step = 0; ; step++) {
    if (step === 2 && rank === 1) {
      if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
      throw new Error(`boom at step ${step}`);
    }
    (await group.allReduce(x, 'sum')).dispose();
  }
}

class Net extends Module {
  constructor(width, extra) {
    super();
    this.fc1 = new Linear(4, width);
    this.fc2 = new Linear(width, 2);
    if (extra) this.spare = new Linear(2, 2);
  }
  forward(x) {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

if (mode === 'mismatch') {
  seed(1);
  const model = new Net(rank === 1 ? 5 : 3, false);
  try {
    await DistributedDataParallel.wrap(model);
    report('FAILURE', { rank, error: null });
  } catch (err) {
    report('FAILURE', { rank, error: `${err.name}: ${err.message}` });
  }
}

if (mode === 'unused') {
  seed(1);
  const strict = await DistributedDataParallel.wrap(new Net(3, true));
  const x = tensor([[1, 2, 3, 4]]);
  tidy(() => strict.forward(x).sum().backward());
  let error = null;
  try {
    await strict.synchronize();
  } catch (err) {
    error = `${err.name}: ${err.message}`;
  }
  strict.dispose();
  // With findUnusedParameters the spare layer counts as zero and the step completes.
  const lenient = await DistributedDataParallel.wrap(new Net(3, true), { findUnusedParameters: true });
  tidy(() => lenient.forward(x).sum().backward());
  await lenient.synchronize();
  const spareGrad = Array.from(lenient.module.spare.weight.grad.dataSync());
  report('FAILURE', { rank, error, spareGrad });
}
if (mode === 'forget') report('FAILURE', { rank, error: null });
else await group.destroy();
