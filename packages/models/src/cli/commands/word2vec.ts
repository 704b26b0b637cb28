// dendrite word2vec --corpus brown [...]: trains word vectors with progress
// in words/s, saves them (word2vec text format), prints neighbours and
// analogies of classic words, and plots chosen words (PCA) as a PNG.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type KeyedVectors, pca2, scatterPlotPng, trainWord2Vec, tsne2, WordTokenizer } from '@dendrite/nlp';
import { loadBrownCorpus, writeVectorsFile } from '@dendrite/nlp/node';
import { readFile } from 'node:fs/promises';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';

const FLAGS = ['corpus', 'dim', 'epochs', 'window', 'negative', 'min-count', 'mode', 'threads', 'seed', 'out', 'plot', 'quiet'];
const PROBES = ['king', 'man', 'money', 'war', 'good', 'walking'];
const ANALOGIES: [string, string, string][] = [
  ['man', 'king', 'woman'],
  ['france', 'paris', 'germany'],
  ['walking', 'walked', 'swimming'],
];
const PLOT = ['king', 'queen', 'man', 'woman', 'boy', 'girl', 'father', 'mother', 'war', 'peace', 'army', 'money', 'dollars', 'business', 'church', 'god', 'music', 'art', 'monday', 'friday', 'walked', 'ran', 'house', 'room'];

export async function word2vecCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, FLAGS, 'word2vec');
  const corpusName = typeof args.flags.corpus === 'string' ? args.flags.corpus : 'brown';
  const options = {
    dim: numberFlag(args.flags, 'dim', 100, { integer: true, min: 1 }),
    epochs: numberFlag(args.flags, 'epochs', 5, { integer: true, min: 1 }),
    window: numberFlag(args.flags, 'window', 5, { integer: true, min: 1 }),
    negative: numberFlag(args.flags, 'negative', 5, { integer: true, min: 1 }),
    minCount: numberFlag(args.flags, 'min-count', 5, { integer: true, min: 1 }),
    mode: choiceFlag(args.flags, 'mode', ['skipgram', 'cbow'] as const, 'skipgram'),
    threads: numberFlag(args.flags, 'threads', 2, { integer: true, min: 1 }),
    seed: numberFlag(args.flags, 'seed', 1, { integer: true, min: 0 }),
  };
  const projection = choiceFlag(args.flags, 'plot', ['pca', 'tsne'] as const, 'pca');
  const out = typeof args.flags.out === 'string' ? args.flags.out : join('runs', `word2vec-${corpusName.replace(/[^\w-]/g, '_')}`);
  // --corpus brown, or a UTF-8 text file with one sentence (or paragraph) per line.
  let sentences: string[][];
  if (corpusName === 'brown') sentences = await loadBrownCorpus();
  else {
    let text: string;
    try {
      text = await readFile(corpusName, 'utf8');
    } catch {
      throw new UsageError(`--corpus must be 'brown' or a readable text file, got '${corpusName}'`);
    }
    const tok = new WordTokenizer();
    sentences = text.split('\n').map((l) => tok.tokenize(l)).filter((s) => s.length > 0);
  }
  const words = sentences.reduce((s, x) => s + x.length, 0);
  log(`corpus: ${corpusName}, ${sentences.length.toLocaleString('en-US')} sentences, ${words.toLocaleString('en-US')} words`);
  const quiet = args.flags.quiet === true;
  const result = await trainWord2Vec(sentences, {
    ...options,
    progressEvery: 250_000,
    onProgress: (p) => {
      if (!quiet) log(`epoch ${p.epoch}/${p.epochs}  ${p.words.toLocaleString('en-US')}/${p.totalWords.toLocaleString('en-US')} words  ${Math.round(p.wordsPerSecond).toLocaleString('en-US')} words/s  lr ${p.alpha.toFixed(5)}`);
    },
  });
  log(`trained ${options.mode}, ${result.vectors.size.toLocaleString('en-US')} words × ${options.dim} on ${result.engine} (${result.threads} thread${result.threads > 1 ? 's' : ''}) in ${result.seconds.toFixed(1)} s: ${Math.round(result.wordsPerSecond).toLocaleString('en-US')} words/s`);
  await mkdir(out, { recursive: true });
  await writeVectorsFile(join(out, 'vectors.txt'), result.vectors, 'word2vec');
  report(result.vectors, log);
  const shown = PLOT.filter((w) => result.vectors.has(w));
  const plotPath = join(out, `words-${projection}.png`);
  if (shown.length >= 3) {
    const rows = result.vectors.subset(shown).vectors;
    const xy = projection === 'pca' ? pca2(rows, shown.length, options.dim) : tsne2(rows, shown.length, options.dim, { perplexity: Math.min(5, (shown.length - 1) / 3) });
    await writeFile(plotPath, scatterPlotPng(xy, shown, { title: `word2vec ${corpusName}, ${projection === 'pca' ? 'PCA' : 't-SNE'}` }));
  }
  log(`saved ${join(out, 'vectors.txt')} (word2vec text format)${shown.length >= 3 ? ` and ${plotPath}` : ''}`);
  return 0;
}

function report(kv: KeyedVectors, log: (line: string) => void): void {
  for (const w of PROBES.filter((x) => kv.has(x))) {
    log(`  ${w}: ${kv.mostSimilar(w, { topn: 5 }).map(([n, s]) => `${n} ${s.toFixed(2)}`).join(', ')}`);
  }
  for (const [a, b, c] of ANALOGIES) {
    if (![a, b, c].every((x) => kv.has(x))) continue;
    const [[best, s]] = kv.mostSimilar({ positive: [b, c], negative: [a], topn: 1 });
    log(`  ${b} − ${a} + ${c} ≈ ${best} (${s.toFixed(2)})`);
  }
}
