// The kill test (issue 12): a training run with a checkpoint every epoch is
// killed with SIGKILL at random moments and right as a checkpoint is being
// written, at least 20 times. After every kill each surviving checkpoint
// loads; `--resume` continues; no temp file outlives the next save; and the
// final checkpoint is byte-identical to an uninterrupted run's. Runs the
// built CLI (dist/), which turbo builds before this package's tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSafetensors } from '@dendrite/core';
import { parseCheckpointInfo } from '@dendrite/layers';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyMnist } from './tiny-mnist.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'dendrite.mjs');
const built = existsSync(join(root, 'dist', 'cli.js'));
if (!built) console.log('kill test skipped: packages/models/dist/cli.js is not built (run `npx turbo run build --filter=@dendrite/models...`)');

const dir = mkdtempSync(join(tmpdir(), 'dendrite-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KILLS = 22;
const EPOCHS = 16;

/** mulberry32, so the kill moments are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `dendrite train`; `afterMs` kills that long after `startedFile` appears (the run has begun training),
 * so process start-up on a loaded machine does not swallow the kill window; `onTempIn` kills mid-write.
 */
function train(
  args: string[],
  kill?: { afterMs?: number; startedFile?: string; onTempIn?: string },
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    // Every atomic write pauses halfway (core's fault-injection switch), so writes take a known share of each
    // epoch and kills land mid-write on a fast machine too; the bytes written are the same.
    const env = { ...process.env, DENDRITE_TEST_WRITE_PAUSE_MS: '100' };
    const child = spawn(process.execPath, [bin, 'train', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const timers: NodeJS.Timeout[] = [];
    let watcher: ReturnType<typeof watch> | undefined;
    if (kill?.afterMs !== undefined) {
      const { afterMs, startedFile } = kill;
      const arm = () => timers.push(setTimeout(() => child.kill('SIGKILL'), afterMs));
      if (!startedFile || existsSync(startedFile)) arm();
      else {
        const poll = setInterval(() => {
          if (!existsSync(startedFile)) return;
          clearInterval(poll);
          arm();
        }, 10);
        timers.push(poll);
      }
    }
    if (kill?.onTempIn) {
      // Kill as soon as a checkpoint's temp file appears: the process is mid-write.
      watcher = watch(kill.onTempIn, (_e, name) => {
        if (name && String(name).includes('.safetensors.tmp-')) child.kill('SIGKILL');
      });
      timers.push(setTimeout(() => child.kill('SIGKILL'), 30000)); // never reached unless no save happens
    }
    child.on('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t); // also clears the poll: Node's timer ids are shared
      watcher?.close();
      resolve({ code, signal, stderr });
    });
  });
}

const temps = (d: string) => readdirSync(d).filter((n) => n.includes('.tmp-'));

describe.skipIf(!built)('SIGKILL at random moments and mid-write, then --resume', () => {
  it(`${KILLS} kills; every survivor loads, no temp file outlives the next save, the result is byte-identical`, async () => {
    const data = writeTinyMnist(join(dir, 'data'));
    const common = ['mlp', '--data-dir', data, '--epochs', String(EPOCHS), '--batch-size', '16', '--seed', '9', '--backend', 'wasm', '--augment', 'crop', '--quiet'];
    const straight = join(dir, 'straight');
    const t0 = performance.now();
    const ok = await train([...common, '--out', straight]);
    expect(ok.code, ok.stderr).toBe(0);
    const runMs = performance.now() - t0;

    const out = join(dir, 'killed');
    const next = rng(2024);
    let kills = 0;
    let midWrite = 0;
    let tempsCleaned = 0;
    let pendingTemps: string[] = [];
    const mtime = () => (existsSync(join(out, 'last.safetensors')) ? statSync(join(out, 'last.safetensors')).mtimeMs : 0);
    for (let i = 0; kills < KILLS && i < 200; i++) {
      const args = existsSync(join(out, 'run.json')) ? ['--resume', out, '--quiet'] : [...common, '--out', out];
      const atWrite = i % 2 === 1 && existsSync(out);
      const before = mtime();
      const r = await train(args, atWrite ? { onTempIn: out } : { afterMs: next() * runMs * 0.1, startedFile: join(out, 'run.json') });
      const left = existsSync(out) ? temps(out) : [];
      // No temp file outlives the next save: a process that saved removed every earlier leftover.
      tempsCleaned += pendingTemps.filter((t) => !left.includes(t)).length;
      if (mtime() !== before) expect(left.filter((t) => pendingTemps.includes(t))).toEqual([]);
      pendingTemps = pendingTemps.filter((t) => left.includes(t));
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.stderr).toBe(0);
        break; // finished before the kill
      }
      kills++;
      if (left.some((t) => !pendingTemps.includes(t))) midWrite++;
      pendingTemps = left;
      // Every surviving checkpoint loads and its metadata is valid.
      for (const f of (existsSync(out) ? readdirSync(out) : []).filter((n) => n.endsWith('.safetensors'))) {
        const { tensors, metadata } = await loadSafetensors(join(out, f));
        parseCheckpointInfo(metadata['dendrite.checkpoint'], join(out, f));
        for (const t of Object.values(tensors)) t.dispose();
      }
    }
    // Resume to the end.
    const fin = await train(existsSync(join(out, 'run.json')) ? ['--resume', out, '--quiet'] : [...common, '--out', out]);
    expect(fin.code, fin.stderr).toBe(0);
    expect(temps(out)).toEqual([]);
    console.log(`kill test: ${kills} SIGKILLs (${midWrite} left a temp file mid-write, ${tempsCleaned} such files removed by the next process), one uninterrupted run ${(runMs / 1000).toFixed(1)} s`);
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(midWrite).toBeGreaterThanOrEqual(3);
    expect(Buffer.compare(readFileSync(join(out, 'last.safetensors')), readFileSync(join(straight, 'last.safetensors')))).toBe(0);
    expect(Buffer.compare(readFileSync(join(out, 'best.safetensors')), readFileSync(join(straight, 'best.safetensors')))).toBe(0);
    expect(readFileSync(join(out, 'history.csv'), 'utf8')).toBe(readFileSync(join(straight, 'history.csv'), 'utf8'));
  }, 300000);
});
