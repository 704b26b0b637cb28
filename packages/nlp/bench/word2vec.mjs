// word2vec training speed on the Brown corpus (1M words, dim 100, window 5,
// 5 negatives, min_count 5, sample 1e-3, skip-gram) against gensim's C
// implementation on the same tokenized sentences in the same run. Prints
// words/s of wall time and words per CPU-second (steadier on a shared machine).
// BENCH_EPOCHS (default 1) sets the epochs; needs a build (npm run bench builds).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { registerBackend, setBackend } from '@dendrite/core';
import { trainWord2Vec } from '@dendrite/nlp';
import { loadBrownCorpus } from '@dendrite/nlp/node';

const epochs = Number(process.env.BENCH_EPOCHS ?? 1);
const sentences = await loadBrownCorpus();
const words = sentences.reduce((s, x) => s + x.length, 0);
console.log(`Brown corpus: ${sentences.length} sentences, ${words} words; skip-gram, dim 100, window 5, negative 5, ${epochs} epoch(s)`);
const rows = [];
const common = { dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs, seed: 1 };

async function ours(label, corpus, options) {
  const c0 = process.cpuUsage();
  const r = await trainWord2Vec(corpus, { ...common, ...options });
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  // Raw corpus words (out-of-vocabulary ones included), the count gensim's figure uses.
  const raw = corpus.reduce((s, x) => s + x.length, 0) * epochs;
  rows.push({ label, wps: raw / r.seconds, wpcpu: raw / cpu, words: raw });
  return r;
}

await ours('dendrite wasm, 2 threads', sentences, { engine: 'wasm', threads: 2 });
await ours('dendrite wasm, 1 thread', sentences, { engine: 'wasm', threads: 1 });
// The generic paths are far slower; time them on a slice of the corpus.
const slice = sentences.slice(0, 3000);
await ours('dendrite host JS, 1 thread (3k sentences)', slice, { engine: 'host', minCount: 1 });
registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
await setBackend('wasm');
await ours('dendrite tensor engine on wasm backend, batch 1024 (3k sentences)', slice, { engine: 'tensor', batchSize: 1024, minCount: 1 });

const dir = mkdtempSync(join(tmpdir(), 'w2v-bench-'));
try {
  const corpus = join(dir, 'brown.txt');
  writeFileSync(corpus, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
  const script = new URL('./word2vec_gensim.py', import.meta.url).pathname;
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0);
  if (!python) {
    console.log('gensim: not installed (apt install python3-gensim); its published figure for word2vec.c-equivalent training is ~1M words/s per core on modern CPUs');
  } else {
    for (const workers of [2, 1]) {
      const r = spawnSync(python, [script, corpus, '100', String(epochs), String(workers), '1'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`gensim failed: ${r.stderr}`);
      const g = JSON.parse(r.stdout.trim().split('\n').at(-1));
      rows.push({ label: `gensim ${workers} worker${workers > 1 ? 's' : ''} (C)`, wps: g.wordsPerSecond, wpcpu: g.words / g.cpuSeconds, words: g.words });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ref = rows.find((r) => r.label.startsWith('gensim 2'));
console.log(`\n${'engine'.padEnd(68)} ${'words/s'.padStart(10)} ${'words/CPU-s'.padStart(12)}${ref ? '  gensim(2)/this, wall' : ''}`);
for (const r of rows) {
  console.log(`${r.label.padEnd(68)} ${Math.round(r.wps).toString().padStart(10)} ${Math.round(r.wpcpu).toString().padStart(12)}${ref ? `  ${(ref.wps / r.wps).toFixed(2)}x` : ''}`);
}
