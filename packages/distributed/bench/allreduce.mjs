// All-reduce throughput on 2 local ranks, 1 KB to 64 MB: Dendrite's process
// group (host Float32Array, sum) beside a minimal C program calling
// MPI_Allreduce directly, compiled with mpicc and run in the same session.
// GB/s = buffer bytes / seconds per all-reduce. Skips with the reason where
// MPI or the binding is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMpi } from '../dist/index.js';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const check = checkMpi();
const mpicc = spawnSync('mpicc', ['--version'], { encoding: 'utf8' });
if (!check.available || mpicc.status !== 0) {
  console.log(`all-reduce bench skipped: ${check.available ? 'mpicc is not installed' : check.reason}`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'dendrite-allreduce-'));
const exe = join(dir, 'allreduce_c');
const cc = spawnSync('mpicc', ['-O2', '-o', exe, here('./_allreduce.c')], { encoding: 'utf8' });
if (cc.status !== 0) throw new Error(`mpicc failed: ${cc.stderr}`);
const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' };
const launch = (cmd) => {
  const r = spawnSync('mpirun', ['-np', '2', '--oversubscribe', '--bind-to', 'none', ...cmd], { encoding: 'utf8', env, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`mpirun ${cmd.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return new Map(
    r.stdout
      .split('\n')
      .filter((l) => l.startsWith('ROW '))
      .map((l) => JSON.parse(l.slice(4)))
      .map((row) => [row.bytes, row.seconds]),
  );
};
const ours = launch([process.execPath, here('./_allreduce-worker.mjs')]);
const peer = launch([exe]);
rmSync(dir, { recursive: true, force: true });

const size = (b) => (b >= 1 << 20 ? `${b / (1 << 20)} MB` : `${b / 1024} KB`);
const gbs = (b, s) => b / s / 1e9;
console.log('all-reduce (sum, float32) on 2 local ranks: GB/s = bytes / time per call');
console.log('| size | dendrite µs | dendrite GB/s | C MPI_Allreduce µs | C GB/s | dendrite / C |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [bytes, s] of ours) {
  const p = peer.get(bytes);
  console.log(`| ${size(bytes)} | ${(s * 1e6).toFixed(1)} | ${gbs(bytes, s).toFixed(3)} | ${(p * 1e6).toFixed(1)} | ${gbs(bytes, p).toFixed(3)} | ${(gbs(bytes, s) / gbs(bytes, p)).toFixed(2)} |`);
}
