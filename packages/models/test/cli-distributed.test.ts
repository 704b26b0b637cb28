// `mpirun -np 2 dendrite train lenet5 --dataset mnist --distributed`: both
// ranks train, only rank 0 prints and writes run.json and checkpoints, and
// --resume continues the run. Skips, printing why, without Open MPI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMpi } from '@dendrite/distributed';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../bin/dendrite.mjs', import.meta.url));
const mpirunMissing = spawnSync('mpirun', ['--version']).status !== 0;
const mpi = checkMpi();
const skip = mpirunMissing ? 'mpirun is not installed (Debian: apt install openmpi-bin libopenmpi-dev)' : !mpi.available ? `MPI is unavailable: ${mpi.reason}` : null;
if (skip) console.log(`[models tests] SKIPPED distributed CLI test: ${skip}`);

const out = mkdtempSync(join(tmpdir(), 'dendrite-ddp-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function mpirun(args: string[]): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' };
  return new Promise((resolve) => {
    const child = spawn('mpirun', ['-np', '2', '--oversubscribe', '--bind-to', 'none', process.execPath, cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

(skip ? describe.skip : describe)('dendrite train --distributed under mpirun -np 2', () => {
  it('trains with rank 0 alone printing and writing, then resumes', async () => {
    const first = await mpirun(['train', 'lenet5', '--dataset', 'mnist', '--distributed', '--backend', 'wasm', '--limit', '512', '--epochs', '1', '--batch-size', '64', '--quiet', '--out', out]);
    expect(first.code, first.output).toBe(0);
    expect(first.output.match(/^test accuracy: /gm), first.output).toHaveLength(1); // one rank printed
    expect(first.output).toContain('distributed: 2 processes (2 on this machine), 1 thread(s) each, global batch 2 × 64');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.options).toEqual({ dataset: 'mnist', backend: 'wasm', limit: '512', epochs: '1', 'batch-size': '64', quiet: true });
    expect(existsSync(join(out, 'last.safetensors'))).toBe(true);
    const resumed = await mpirun(['train', '--resume', out, '--epochs', '2', '--distributed']);
    expect(resumed.code, resumed.output).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { epoch: number }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
  }, 300_000);
});
