// Install step of @dendrite/backend-cuda: builds the native addon with
// cmake-js + nvcc when a CUDA toolkit is found, and otherwise prints one line
// saying why it skipped and succeeds, so the package installs anywhere.
//
//   node scripts/install.mjs            (npm's "install" hook; DENDRITE_CUDA decides)
//   node scripts/install.mjs --require  (`npm run build:addon`: a failed build fails)
//
// DENDRITE_CUDA=off     never build (prints that it skipped)
// DENDRITE_CUDA=auto    build when nvcc is found and works (default)
// DENDRITE_CUDA=require fail the install when the addon cannot be built
//
// nvcc is looked up in $CUDA_HOME/bin (or $CUDA_PATH/bin) when set, then on
// PATH, then in /usr/local/cuda/bin when neither variable is set.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = '@dendrite/backend-cuda:';
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const buildDir = join(packageDir, 'build');
const logFile = join(buildDir, 'addon-build.log');

/** off | auto | require, from the flag and DENDRITE_CUDA; anything else is a usage error. */
function buildMode() {
  if (process.argv.includes('--require')) return 'require';
  const raw = (process.env.DENDRITE_CUDA ?? 'auto').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'off' || raw === 'require') return raw;
  console.error(`${PREFIX} DENDRITE_CUDA must be off, auto or require, got ${JSON.stringify(process.env.DENDRITE_CUDA)}`);
  process.exit(1);
}

/** Where nvcc may be, in lookup order. */
function nvccCandidates(env) {
  const home = env.CUDA_HOME || env.CUDA_PATH;
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'nvcc'));
  return [...(home ? [join(home, 'bin', 'nvcc')] : []), ...onPath, ...(home ? [] : ['/usr/local/cuda/bin/nvcc'])];
}

/** A working nvcc as { nvcc, version }, or { reason } saying why there is none. */
export function findNvcc(env = process.env) {
  const candidates = nvccCandidates(env);
  const nvcc = candidates.find((p) => existsSync(p));
  if (!nvcc) {
    const where = env.CUDA_HOME || env.CUDA_PATH ? '$CUDA_HOME/bin or PATH' : 'PATH or /usr/local/cuda/bin';
    return { reason: `nvcc not found on ${where}` };
  }
  const r = spawnSync(nvcc, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { reason: `${nvcc} --version could not run: ${r.error.message}` };
  if (r.status !== 0) {
    const detail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n')[0] || 'no output';
    return { reason: `${nvcc} --version exited with ${r.status ?? r.signal}: ${detail}` };
  }
  const version = /release (\d+)\.(\d+)/.exec(r.stdout ?? '');
  if (!version) return { reason: `${nvcc} --version printed no CUDA release number` };
  // Architecture 90 (Hopper) needs CUDA 11.8 or newer.
  const [major, minor] = [Number(version[1]), Number(version[2])];
  if (major < 11 || (major === 11 && minor < 8)) return { reason: `${nvcc} is CUDA ${major}.${minor}; the addon needs CUDA 11.8 or newer` };
  return { nvcc, version: `${major}.${minor}` };
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

function build(nvcc) {
  const tool = cmakeJs();
  if (tool.reason) return { ok: false, reason: tool.reason };
  mkdirSync(buildDir, { recursive: true });
  const jobs = String(Math.max(1, cpus().length));
  const args = [tool.cli, 'compile', '--directory', packageDir, '--out', 'build', '--parallel', jobs, `--CDCMAKE_CUDA_COMPILER=${nvcc}`];
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
    console.log(`${PREFIX} skipped the CUDA addon build (DENDRITE_CUDA=off); the backend will report it is not built`);
    return 0;
  }
  const found = findNvcc();
  if (found.reason) {
    if (mode === 'require') {
      console.error(`${PREFIX} cannot build the CUDA addon: ${found.reason} (DENDRITE_CUDA=require)`);
      return 1;
    }
    console.log(`${PREFIX} skipped the CUDA addon build: ${found.reason}; set CUDA_HOME to a CUDA toolkit and run \`npm run build:addon\` to build it`);
    return 0;
  }
  const result = build(found.nvcc);
  if (!result.ok) {
    if (mode === 'require') {
      console.error(`${PREFIX} the CUDA addon build failed: ${result.reason}`);
      return 1;
    }
    console.log(`${PREFIX} skipped the CUDA addon: the build failed: ${result.reason}`);
    return 0;
  }
  console.log(`${PREFIX} built the CUDA addon with CUDA ${found.version} (${found.nvcc}) in ${result.seconds} s`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
