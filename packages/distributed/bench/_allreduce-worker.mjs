// The Dendrite side of allreduce.mjs: allReduceHost (sum, Float32Array) of
// 1 KB to 64 MB through the MPI process group, timed as the C peer does.
import { initProcessGroup } from '../dist/index.js';

const group = await initProcessGroup({ backend: 'mpi' });
for (let bytes = 1024; bytes <= 64 * 1024 * 1024; bytes *= 4) {
  const n = bytes / 4;
  const data = Float32Array.from({ length: n }, (_, i) => (i % 97) * 0.25 + group.rank);
  const iters = Math.min(1000, Math.max(5, Math.floor((256 * 1024 * 1024) / bytes)));
  for (let w = 0; w < 3; w++) await group.allReduceHost(data, 'sum').wait();
  await group.barrier();
  const t0 = performance.now();
  for (let k = 0; k < iters; k++) await group.allReduceHost(data, 'sum').wait();
  const seconds = (performance.now() - t0) / 1000 / iters;
  if (group.rank === 0) process.stdout.write(`ROW ${JSON.stringify({ bytes, seconds })}\n`);
}
await group.destroy();
