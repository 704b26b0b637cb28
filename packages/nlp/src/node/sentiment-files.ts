// Saving and loading a trained sentiment classifier as one safetensors file:
// weights, plus the kind, sizes and vocabulary in its metadata.
import { FormatError, loadSafetensorsMetadata } from '@dendrite/core';
import { Embedding, loadModule, saveModule } from '@dendrite/layers';
import { SentimentClassifier } from '../sentiment/classifier.js';
import { BagOfEmbeddingsClassifier, LstmClassifier } from '../sentiment/models.js';
import { Vocabulary } from '../text/vocabulary.js';

const KEY = 'dendrite.sentiment';

/**
 * Writes the classifier to `path` (.safetensors, atomically, with a .json config beside it).
 *
 * @example
 * ```ts
 * await saveSentimentClassifier('runs/sentiment/model.safetensors', classifier);
 * ```
 */
export async function saveSentimentClassifier(path: string, clf: SentimentClassifier): Promise<void> {
  const cfg = clf.model.config() as { hidden: number; dim: number; vocabSize: number };
  const meta = { kind: clf.kind, maxLength: clf.maxLength, hidden: cfg.hidden, dim: cfg.dim, vocabulary: clf.vocabulary.toJSON() };
  await saveModule(clf.model, path, { [KEY]: JSON.stringify(meta) });
}

/**
 * Reads what `saveSentimentClassifier` wrote; a FormatError names what is wrong.
 *
 * @example
 * ```ts
 * const clf = await loadSentimentClassifier('runs/sentiment/model.safetensors');
 * await clf.predict(['lovely']);
 * ```
 */
export async function loadSentimentClassifier(path: string): Promise<SentimentClassifier> {
  const raw = (await loadSafetensorsMetadata(path))[KEY];
  if (raw === undefined) throw new FormatError(`${path}: not a sentiment classifier (no '${KEY}' metadata)`);
  let meta: { kind: string; maxLength: number; hidden: number; dim: number; vocabulary: unknown };
  try {
    meta = JSON.parse(raw);
  } catch (e) {
    throw new FormatError(`${path}: metadata '${KEY}' is not valid JSON (${(e as Error).message})`);
  }
  if (meta.kind !== 'bag' && meta.kind !== 'lstm') throw new FormatError(`${path}: unknown classifier kind ${JSON.stringify(meta.kind)}`);
  if (![meta.maxLength, meta.hidden, meta.dim].every((v) => Number.isInteger(v) && v > 0)) throw new FormatError(`${path}: bad sizes in '${KEY}' metadata`);
  const vocab = Vocabulary.fromJSON(meta.vocabulary, `${path} vocabulary`);
  const emb = new Embedding(vocab.size, meta.dim, { paddingIdx: vocab.padId >= 0 ? vocab.padId : null });
  const model = meta.kind === 'bag' ? new BagOfEmbeddingsClassifier(emb, { hidden: meta.hidden, padId: vocab.padId }) : new LstmClassifier(emb, { hidden: meta.hidden });
  try {
    await loadModule(model, path);
  } catch (e) {
    model.dispose();
    throw e;
  }
  model.eval();
  return new SentimentClassifier(meta.kind, vocab, model, meta.maxLength);
}
