// The install step (scripts/install.mjs) on machines without a usable CUDA
// toolkit, simulated with PATH and CUDA_HOME pointing at folders that hold
// no nvcc or a fake one: it must succeed with one line saying why it skipped,
// unless DENDRITE_CUDA=require. (The build itself is covered by build.test.ts.)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/install.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'dendrite-cuda-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding an executable `nvcc` with this shell body. */
function fakeToolkit(name: string, body: string): string {
  const bin = join(root, name, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'nvcc'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, 'nvcc'), 0o755);
  return join(root, name);
}

const emptyDir = join(root, 'empty');
mkdirSync(emptyDir, { recursive: true });

function install(env: Record<string, string>, args: string[] = []) {
  // Only what the script reads: no inherited CUDA_HOME, PATH or DENDRITE_CUDA.
  const r = spawnSync(process.execPath, [script, ...args], { env: { HOME: root, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('install step without a usable CUDA toolkit', () => {
  it('succeeds with one line when nvcc is missing', () => {
    const r = install({ PATH: emptyDir, CUDA_HOME: emptyDir });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^@dendrite\/backend-cuda: skipped the CUDA addon build: nvcc not found on \$CUDA_HOME\/bin or PATH;/);
    expect(r.stdout).toContain('npm run build:addon');
  });

  it('succeeds with one line naming the failure when nvcc fails', () => {
    const home = fakeToolkit('failing', 'echo "nvcc fatal   : broken toolkit" >&2\nexit 3');
    const r = install({ PATH: emptyDir, CUDA_HOME: home });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(1);
    expect(r.stdout).toContain(`${join(home, 'bin', 'nvcc')} --version exited with 3: nvcc fatal   : broken toolkit`);
  });

  it('finds a failing nvcc on PATH when CUDA_HOME is unset', () => {
    const home = fakeToolkit('on-path', 'exit 1');
    const r = install({ PATH: join(home, 'bin') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${join(home, 'bin', 'nvcc')} --version exited with 1: no output`);
  });

  it('skips a toolkit older than CUDA 11.8', () => {
    const home = fakeToolkit('old', 'echo "Cuda compilation tools, release 11.2, V11.2.152"');
    const r = install({ PATH: emptyDir, CUDA_HOME: home });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('is CUDA 11.2; the addon needs CUDA 11.8 or newer');
  });

  it('fails with DENDRITE_CUDA=require (and with --require, as `npm run build:addon` passes)', () => {
    const home = fakeToolkit('failing-required', 'exit 2');
    const viaEnv = install({ PATH: emptyDir, CUDA_HOME: home, DENDRITE_CUDA: 'require' });
    expect(viaEnv.status).toBe(1);
    expect(viaEnv.stderr).toContain('cannot build the CUDA addon: ');
    expect(viaEnv.stderr).toContain('--version exited with 2');
    const viaFlag = install({ PATH: emptyDir, CUDA_HOME: emptyDir }, ['--require']);
    expect(viaFlag.status).toBe(1);
    expect(viaFlag.stderr).toContain('nvcc not found');
  });

  it('does not look for nvcc with DENDRITE_CUDA=off', () => {
    const home = fakeToolkit('never-called', 'echo called > "$HOME/nvcc-was-called"\nexit 1');
    const r = install({ PATH: emptyDir, CUDA_HOME: home, DENDRITE_CUDA: 'off' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('@dendrite/backend-cuda: skipped the CUDA addon build (DENDRITE_CUDA=off); the backend will report it is not built');
    expect(spawnSync('test', ['-e', join(root, 'nvcc-was-called')]).status).toBe(1);
  });

  it('rejects an unknown DENDRITE_CUDA value', () => {
    const r = install({ PATH: emptyDir, CUDA_HOME: emptyDir, DENDRITE_CUDA: 'maybe' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DENDRITE_CUDA must be off, auto or require, got "maybe"');
  });
});
