// Launching test workers with mpirun: whether it can run here (and why not),
// and one run's exit code, output and duration.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkMpi } from '../src/availability.js';

const distEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Why mpirun tests cannot run here, or null when they can. */
export function mpiSkipReason(): string | null {
  const which = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) return 'mpirun is not installed (Debian: apt install openmpi-bin libopenmpi-dev)';
  const check = checkMpi();
  if (!check.available) return `the MPI binding is unavailable: ${check.reason}`;
  if (!existsSync(distEntry)) return `${distEntry} is missing: build the package first (npx turbo run build --filter=@dendrite/distributed)`;
  return null;
}

/** Result of one mpirun job. */
export interface MpiRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  seconds: number;
}

/** Open MPI refuses root without these; --oversubscribe lets 3 ranks share 2 cores. */
const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1' };

/** Runs `mpirun -np <np> node workers/<worker> ...args`; kills it after `timeoutMs` (the test then fails on the code). */
export function mpirun(np: number, worker: string, args: string[] = [], timeoutMs = 120_000, extraEnv: Record<string, string> = {}): Promise<MpiRun> {
  const script = fileURLToPath(new URL(`./workers/${worker}`, import.meta.url));
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('mpirun', ['-np', String(np), '--oversubscribe', '--bind-to', 'none', process.execPath, script, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** The JSON object a worker printed on a line starting with `tag`, from every rank that printed one. */
export function results<T>(run: MpiRun, tag: string): T[] {
  return run.output
    .split('\n')
    .filter((l) => l.startsWith(`${tag} `))
    .map((l) => JSON.parse(l.slice(tag.length + 1)) as T);
}
