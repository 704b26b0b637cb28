// Install step of @dendrite/distributed: builds the MPI binding with cmake-js
// when an MPI development setup (mpicc, mpi.h) is found, and otherwise prints
// one line saying why it skipped and succeeds, so the package installs
// anywhere (process groups then report MPI as unavailable, with the reason).
//
//   node scripts/install.mjs            (npm's "install" hook; DENDRITE_MPI decides)
//   node scripts/install.mjs --require  (`npm run build:addon`: a failed build fails)
//
// DENDRITE_MPI=off     never build (prints that it skipped)
// DENDRITE_MPI=auto    build when mpicc is found and works (default)
// DENDRITE_MPI=require fail the install when the binding cannot be built
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = '@dendrite/distributed:';
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const buildDir = join(packageDir, 'build');
const logFile = join(buildDir, 'addon-build.log');

/** off | auto | require, from the flag and DENDRITE_MPI; anything else is a usage error. */
function buildMode() {
  if (process.argv.includes('--require')) return 'require';
  const raw = (process.env.DENDRITE_MPI ?? 'auto').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'off' || raw === 'require') return raw;
  console.error(`${PREFIX} DENDRITE_MPI must be off, auto or require, got ${JSON.stringify(process.env.DENDRITE_MPI)}`);
  process.exit(1);
}

/** A working MPI compiler wrapper as { mpicc, version }, or { reason } saying why there is none. */
export function findMpicc(env = process.env) {
  const candidates = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'mpicc'));
  const mpicc = candidates.find((p) => existsSync(p));
  if (!mpicc) return { reason: 'mpicc not found on PATH (Debian: apt install libopenmpi-dev openmpi-bin)' };
  const r = spawnSync(mpicc, ['--showme:version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { reason: `${mpicc} could not run: ${r.error.message}` };
  if (r.status !== 0) {
    const detail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n')[0] || 'no output';
    return { reason: `${mpicc} --showme:version exited with ${r.status ?? r.signal}: ${detail}` };
  }
  const version = /Open MPI\)?\s*([\d.]+)/i.exec(`${r.stdout}${r.stderr}`);
  return { mpicc, version: version ? `Open MPI ${version[1]}` : `${r.stdout}${r.stderr}`.trim().split('\n')[0] };
}

/** The cmake-js command line, or a reason it cannot run. */
function cmakeJs() {
  const require = createRequire(import.meta.url);
  let cli;
  try {
    cli = require.resolve('cmake-js/bin/cmake-js');
  } catch {
    return { reason: 'cmake-js is not installed (npm install cmake-js)' };
  }
  const cmake = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  if (cmake.error || cmake.status !== 0) return { reason: 'cmake (3.18 or newer) is not on PATH' };
  return { cli };
}

function build() {
  const tool = cmakeJs();
  if (tool.reason) return { ok: false, reason: tool.reason };
  mkdirSync(buildDir, { recursive: true });
  const jobs = String(Math.max(1, cpus().length));
  const args = [tool.cli, 'compile', '--directory', packageDir, '--out', 'build', '--parallel', jobs];
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (r.error || r.status !== 0) return { ok: false, reason: `cmake-js failed after ${seconds} s (log: ${logFile})` };
  return { ok: true, seconds };
}

function main() {
  const mode = buildMode();
  if (mode === 'off') {
    console.log(`${PREFIX} skipped the MPI binding build (DENDRITE_MPI=off); process groups will report it is not built`);
    return 0;
  }
  const found = findMpicc();
  if (found.reason) {
    if (mode === 'require') {
      console.error(`${PREFIX} cannot build the MPI binding: ${found.reason} (DENDRITE_MPI=require)`);
      return 1;
    }
    console.log(`${PREFIX} skipped the MPI binding build: ${found.reason}; then run \`npm run build:addon -w @dendrite/distributed\``);
    return 0;
  }
  const result = build();
  if (!result.ok) {
    if (mode === 'require') {
      console.error(`${PREFIX} the MPI binding build failed: ${result.reason}`);
      return 1;
    }
    console.log(`${PREFIX} skipped the MPI binding: the build failed: ${result.reason}`);
    return 0;
  }
  console.log(`${PREFIX} built the MPI binding with ${found.version} (${found.mpicc}) in ${result.seconds} s`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
