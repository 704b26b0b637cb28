// Issue 12 for the CLI: one line and a non-zero exit for every expected
// failure (file-system errors, malformed files, a hand-edited run.json),
// `-h` on every command, no hang on procfs, and `--resume` byte-identical
// to a straight run (DataLoader shuffling, augmentation and dropout).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as d from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_SPECS } from '../src/cli/args.js';
import { writeTinyMnist } from './tiny-mnist.js';
import { run } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-cli-rel-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});


function oneLine(r: { err: string }) {
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at |internal error/);
}

const data = writeTinyMnist(join(dir, 'tiny-mnist'));
const small = ['--data-dir', data, '--batch-size', '16', '--backend', 'wasm', '--quiet'];

describe('CLI reliability (issue 12, issue 13 c)', () => {
  it('-h and --help on every command, and dendrite -h', async () => {
    for (const c of Object.keys(COMMAND_SPECS)) {
      for (const h of ['-h', '--help']) {
        const r = await run(c, h);
        expect(r.code, `${c} ${h}`).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: dendrite ${c}`));
      }
    }
    for (const argv of [['-h'], ['--help'], ['help'], ['help', 'train']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: dendrite/);
    }
    expect((await run()).code).toBe(2);
  });

  it('parse errors from node:util parseArgs are one line with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['train', 'mlp', '--frob'], /unknown flag --frob for 'dendrite train'/],
      [['train', 'mlp', '--epochs'], /flag --epochs needs a value/],
      [['predict', 'x', '--invert=yes'], /--invert takes no value/],
      [['info', 'extra', '--verbose'], /unknown flag --verbose/],
      [['--epochs', '3'], /expected a command/],
      [['train', 'mlp', '--stop-after', '0'], /--stop-after must be an integer >= 1/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(pattern);
      oneLine(r);
    }
  });

  it('file-system errors print one line naming the path and exit 1; /proc does not hang (defects 7, 8)', async () => {
    const file = join(dir, 'regular-file');
    writeFileSync(file, 'x');
    const below = join(file, 'run');
    const t = await run('train', 'mlp', ...small, '--epochs', '1', '--out', below);
    expect(t.code).toBe(1);
    expect(t.err).toContain(below);
    expect(t.err).toMatch(/ENOTDIR/);
    oneLine(t);
    const t0 = performance.now();
    const p = await run('train', 'mlp', ...small, '--epochs', '1', '--out', '/proc/dendrite-x');
    expect(p.code).toBe(1);
    expect(performance.now() - t0).toBeLessThan(30000);
    oneLine(p);
    // A real run, exported to a path below a regular file.
    const out = join(dir, 'ok');
    expect((await run('train', 'mlp', ...small, '--epochs', '1', '--out', out)).code).toBe(0);
    const e = await run('export', out, join(file, 'w.safetensors'));
    expect(e.code).toBe(1);
    expect(e.err).toContain(join(file, 'w.safetensors'));
    oneLine(e);
  });

  it('run.json and checkpoints are validated: eval names the file in one line, exit 2 (defects 2, 13)', async () => {
    const out = join(dir, 'ok');
    const good = readFileSync(join(out, 'run.json'), 'utf8');
    const edits: [string, (o: Record<string, unknown>) => unknown, RegExp][] = [
      ['cifar dataset', (o) => ({ ...o, dataset: 'cifar' }), /run\.json: 'dataset' must be one of mnist, fashion-mnist, got "cifar"/],
      ['unknown model', (o) => ({ ...o, model: 'gpt' }), /'model'/],
      ['seed string', (o) => ({ ...o, seed: 'x' }), /'seed'/],
      ['options array', (o) => ({ ...o, options: [1] }), /'options'/],
      ['config null', (o) => ({ ...o, config: null }), /'config'/],
      ['null', () => null, /run\.json/],
    ];
    for (const [name, edit, pattern] of edits) {
      writeFileSync(join(out, 'run.json'), JSON.stringify(edit(JSON.parse(good))));
      const r = await run('eval', out, '--backend', 'reference', '--data-dir', data);
      expect(r.code, name).toBe(2);
      expect(r.err).toMatch(pattern);
      oneLine(r);
    }
    writeFileSync(join(out, 'run.json'), '{not json');
    expect((await run('eval', out)).err).toMatch(/run\.json: not valid JSON/);
    writeFileSync(join(out, 'run.json'), good);
    // Malformed checkpoint metadata: one line, exit 2, for eval, predict and export.
    const bytes = await d.toSafetensors({ 'model.x': d.tensor([1]) }, { 'dendrite.checkpoint': 'null' });
    const bad = join(out, 'bad.safetensors');
    writeFileSync(bad, bytes);
    for (const argv of [['eval', bad], ['predict', bad, bad], ['export', bad, join(dir, 'o.safetensors')]]) {
      const r = await run(...argv, ...(argv[0] === 'export' ? [] : ['--backend', 'reference']));
      expect(r.code, argv[0]).toBe(2);
      expect(r.err).toContain(bad);
      oneLine(r);
    }
  });

  it('--resume is byte-identical to a straight run, with shuffling, augmentation and dropout (defect 4)', async () => {
    const straight = join(dir, 'straight');
    const split = join(dir, 'split');
    const args = ['train', 'mlp', ...small, '--epochs', '4', '--augment', 'crop', '--seed', '5'];
    expect((await run(...args, '--out', straight)).code).toBe(0);
    expect((await run(...args, '--out', split, '--stop-after', '2')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(split, 'history.json'), 'utf8'))).toHaveLength(2);
    expect((await run('train', '--resume', split, '--quiet')).code).toBe(0);
    for (const f of ['last.safetensors', 'best.safetensors']) {
      expect(Buffer.compare(readFileSync(join(straight, f)), readFileSync(join(split, f))), f).toBe(0);
    }
    expect(existsSync(join(split, 'run.json'))).toBe(true);
  });
});
