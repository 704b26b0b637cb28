// LeNet-5 epoch time on the machine's cores two ways: 1 process × 2 wasm
// threads against 2 MPI processes × 1 thread (DistributedDataParallel), the
// same global batch (128) and data; with the share of the epoch the ranks
// spent in DDP's synchronize() (gradient communication not hidden behind
// backward). DENDRITE_BENCH_SAMPLES sets the epoch size (default 6000).
// Skips with the reason where MPI is unavailable.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkMpi } from '@dendrite/distributed';

const check = checkMpi();
if (!check.available) {
  console.log(`LeNet-5 distributed bench skipped: ${check.reason}`);
  process.exit(0);
}
const worker = fileURLToPath(new URL('./_lenet-distributed-worker.mjs', import.meta.url));
const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' };
const row = (r) => {
  if (r.status !== 0) throw new Error(`worker failed: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('ROW ')).slice(4));
};
const single = row(spawnSync(process.execPath, [worker, 'single'], { encoding: 'utf8', env }));
const ddp = row(spawnSync('mpirun', ['-np', '2', '--oversubscribe', '--bind-to', 'none', process.execPath, worker, 'ddp'], { encoding: 'utf8', env }));
console.log(`LeNet-5, one epoch of ${single.samples} MNIST images, global batch 128, Adam, wasm`);
console.log('| layout | epoch s | images/s | communication share |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| 1 process × 2 threads | ${single.seconds.toFixed(2)} | ${(single.samples / single.seconds).toFixed(0)} | - |`);
console.log(`| 2 processes × 1 thread (DDP) | ${ddp.seconds.toFixed(2)} | ${(ddp.samples / ddp.seconds).toFixed(0)} | ${((100 * ddp.syncSeconds) / ddp.seconds).toFixed(1)}% |`);
console.log(`2×1 / 1×2 epoch time: ${(ddp.seconds / single.seconds).toFixed(2)}`);
