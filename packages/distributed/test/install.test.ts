// The install step (scripts/install.mjs) where MPI cannot be built, simulated
// with a PATH holding no mpicc or a failing one: it must succeed with one
// line saying why it skipped, unless DENDRITE_MPI=require. And the run-time
// reasons: a missing build and DENDRITE_MPI=off.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkMpi, launcherEnv } from '../src/availability.js';
import { initProcessGroup } from '../src/init.js';
import { resetAddonForTests } from '../src/native.js';

const script = fileURLToPath(new URL('../scripts/install.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'dendrite-mpi-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.DENDRITE_MPI_ADDON;
  delete process.env.DENDRITE_MPI;
  resetAddonForTests();
});

function fakeBin(name: string, body: string): string {
  const bin = join(root, name);
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'mpicc'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, 'mpicc'), 0o755);
  return bin;
}
const empty = join(root, 'empty');
mkdirSync(empty, { recursive: true });

function install(env: Record<string, string>, args: string[] = []) {
  const r = spawnSync(process.execPath, [script, ...args], { env: { HOME: root, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('install step without MPI', () => {
  it('succeeds with one line when mpicc is missing', () => {
    const r = install({ PATH: empty });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '@dendrite/distributed: skipped the MPI binding build: mpicc not found on PATH (Debian: apt install libopenmpi-dev openmpi-bin); then run `npm run build:addon -w @dendrite/distributed`',
    );
  });

  it('names a failing mpicc, and fails with DENDRITE_MPI=require or --require', () => {
    const bin = fakeBin('failing', 'echo "broken wrapper" >&2\nexit 3');
    const r = install({ PATH: bin });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${join(bin, 'mpicc')} --showme:version exited with 3: broken wrapper`);
    const required = install({ PATH: bin, DENDRITE_MPI: 'require' });
    expect(required.status).toBe(1);
    expect(required.stderr).toContain('cannot build the MPI binding: ');
    expect(install({ PATH: empty }, ['--require']).status).toBe(1);
  });

  it('does not look for mpicc with DENDRITE_MPI=off and rejects unknown values', () => {
    const bin = fakeBin('never', 'echo called > "$HOME/mpicc-was-called"\nexit 1');
    const r = install({ PATH: bin, DENDRITE_MPI: 'off' });
    expect(r.stdout).toBe('@dendrite/distributed: skipped the MPI binding build (DENDRITE_MPI=off); process groups will report it is not built');
    expect(spawnSync('test', ['-e', join(root, 'mpicc-was-called')]).status).toBe(1);
    const bad = install({ PATH: empty, DENDRITE_MPI: 'maybe' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('DENDRITE_MPI must be off, auto or require, got "maybe"');
  });
});

describe('availability', () => {
  it('reports a missing build with how to build it, and initProcessGroup throws that reason', async () => {
    process.env.DENDRITE_MPI_ADDON = join(root, 'nowhere', 'dendrite_mpi.node');
    const s = checkMpi();
    expect(s.available).toBe(false);
    expect(s.reason).toMatch(/^the MPI binding is not built \(.+dendrite_mpi\.node is missing\): install Open MPI .+ and run `npm run build:addon -w @dendrite\/distributed`$/);
    await expect(initProcessGroup({ backend: 'mpi' })).rejects.toThrow(`initProcessGroup: MPI is unavailable: ${s.reason}`);
  });

  it('reports DENDRITE_MPI=off, and rejects an unknown process-group backend by listing the known ones', async () => {
    process.env.DENDRITE_MPI = 'off';
    expect(checkMpi()).toMatchObject({ available: false, reason: 'disabled by DENDRITE_MPI=off' });
    await expect(initProcessGroup({ backend: 'nccl' })).rejects.toThrow("initProcessGroup: unknown backend 'nccl' (available: mpi)");
  });

  it('reads rank and size from the launcher environment', () => {
    expect(launcherEnv({ OMPI_COMM_WORLD_RANK: '2', OMPI_COMM_WORLD_SIZE: '4', OMPI_COMM_WORLD_LOCAL_RANK: '0', OMPI_COMM_WORLD_LOCAL_SIZE: '2' })).toEqual({ rank: 2, size: 4, localRank: 0, localSize: 2 });
    expect(launcherEnv({ PMI_RANK: '1', PMI_SIZE: '3' })).toEqual({ rank: 1, size: 3, localRank: undefined, localSize: undefined });
    expect(launcherEnv({})).toBeUndefined();
  });

  it('is available here when the binding was built (it is where mpicc exists)', (ctx) => {
    const s = checkMpi();
    console.log(`[distributed tests] checkMpi(): ${JSON.stringify(s)}`);
    if (!s.available && /not built|no MPI library/.test(s.reason ?? '')) ctx.skip(s.reason);
    expect(s.available).toBe(true);
  });
});
