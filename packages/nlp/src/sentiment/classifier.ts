// A trained sentiment classifier: tokenizer + vocabulary + model, trained
// with the layers package's fit() on the fixed split, and used on raw text.
import { Generator, seed as seedAll, softmax, type Tensor, tensor, tidy, ValueError } from '@dendrite/core';
import { Adam, CrossEntropyLoss, fit, type History, type Module } from '@dendrite/layers';
import { padSequences } from '../encode/pad.js';
import { Vocabulary } from '../text/vocabulary.js';
import { WordTokenizer } from '../text/word-tokenizer.js';
import { embeddingFromVectors } from '../vectors/embedding-from-vectors.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import type { LabeledText } from './dataset.js';
import { BagOfEmbeddingsClassifier, LstmClassifier } from './models.js';

/** The neural sentiment models. */
export type SentimentKind = 'bag' | 'lstm';

/** Options of `trainSentiment`. */
export interface TrainSentimentOptions {
  /** 'bag' (bag of embeddings + MLP) or 'lstm'. */
  kind: SentimentKind;
  /** Pretrained vectors for the embedding table (GloVe, your word2vec, ...). */
  vectors: KeyedVectors;
  /** Fine-tune the embedding table too (default false: frozen). */
  fineTune?: boolean;
  /** Training epochs (default 30 for 'bag', 10 for 'lstm'). */
  epochs?: number;
  /** Batch size (default 32). */
  batchSize?: number;
  /** Adam's learning rate (default 3e-3 for 'bag', 5e-3 for 'lstm'). */
  lr?: number;
  /** Hidden width of the MLP or LSTM (default 64). */
  hidden?: number;
  /** Tokens kept per text (default 40). */
  maxLength?: number;
  /** Seed of the initialization, dropout and shuffling (default 0). */
  seed?: number;
  /** 1 prints one line per epoch (default 0: silent). */
  verbose?: 0 | 1;
}

/**
 * A text → P(positive) classifier.
 *
 * @example
 * ```ts
 * const { classifier } = await trainSentiment(train, { kind: 'lstm', vectors: glove });
 * await classifier.predict(['What a great phone!']); // [0.97]
 * ```
 */
export class SentimentClassifier {
  /** The tokenizer applied to every text. */
  readonly tokenizer = new WordTokenizer();
  /**
   * Wraps a trained model (`trainSentiment` and `loadSentimentClassifier` create these).
   * @param kind - 'bag' or 'lstm' (decides the padding side).
   * @param vocabulary - Token ids of the model's embedding rows.
   * @param model - The trained network: token ids `[B, T]` → logits `[B, 2]`.
   * @param maxLength - Tokens kept per text.
   */
  constructor(
    readonly kind: SentimentKind,
    readonly vocabulary: Vocabulary,
    readonly model: Module & { forward(x: Tensor): Tensor },
    readonly maxLength: number,
  ) {}

  /** Token ids of texts, padded (before the tokens for the LSTM). */
  encode(texts: readonly string[]): Tensor {
    const seqs = texts.map((t) => this.vocabulary.encode(this.tokenizer.tokenize(t)).slice(0, this.maxLength));
    const { ids, mask, lengths } = padSequences(seqs, { padId: this.vocabulary.padId, maxLength: this.maxLength, side: this.kind === 'lstm' ? 'pre' : 'post' });
    mask.dispose();
    lengths.dispose();
    return ids;
  }

  /** P(positive) of each text. */
  async predict(texts: readonly string[]): Promise<number[]> {
    if (texts.length === 0) return [];
    const wasTraining = this.model.training;
    this.model.eval();
    try {
      const p = tidy(() => softmax(this.model.forward(this.encode(texts)), 1));
      const data = await p.data();
      p.dispose();
      return Array.from({ length: texts.length }, (_, i) => data[i * 2 + 1]);
    } finally {
      if (wasTraining) this.model.train();
    }
  }

  /** Accuracy on labeled texts (threshold 0.5). */
  async accuracy(items: readonly LabeledText[]): Promise<number> {
    if (items.length === 0) throw new ValueError('SentimentClassifier.accuracy: no items');
    let correct = 0;
    for (let i = 0; i < items.length; i += 256) {
      const chunk = items.slice(i, i + 256);
      const p = await this.predict(chunk.map((x) => x.text));
      chunk.forEach((x, j) => {
        if ((p[j] > 0.5 ? 1 : 0) === x.label) correct++;
      });
    }
    return correct / items.length;
  }

  /** Frees the model's parameters. */
  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Builds a vocabulary from the training texts, an embedding table from the
 * vectors, and trains a bag-of-embeddings MLP or an LSTM with Adam.
 *
 * @example
 * ```ts
 * const { train, test } = fixedSplit(await loadSentimentFixtures());
 * const { classifier } = await trainSentiment(train, { kind: 'bag', vectors: glove, epochs: 20 });
 * await classifier.accuracy(test);
 * ```
 */
export async function trainSentiment(train: readonly LabeledText[], options: TrainSentimentOptions): Promise<{ classifier: SentimentClassifier; history: History }> {
  if (train.length === 0) throw new ValueError('trainSentiment: no training texts');
  const { kind, vectors } = options;
  if (kind !== 'bag' && kind !== 'lstm') throw new ValueError(`trainSentiment: 'kind' must be 'bag' or 'lstm', got ${JSON.stringify(kind)}`);
  const seed = options.seed ?? 0;
  seedAll(seed);
  const tokenizer = new WordTokenizer();
  const vocabulary = Vocabulary.build(train.map((x) => tokenizer.tokenize(x.text)), { minCount: 1 });
  const { layer } = embeddingFromVectors(vectors, { vocabulary, freeze: !options.fineTune, seed });
  const model = kind === 'bag' ? new BagOfEmbeddingsClassifier(layer, { hidden: options.hidden ?? 64, padId: vocabulary.padId }) : new LstmClassifier(layer, { hidden: options.hidden ?? 64 });
  const classifier = new SentimentClassifier(kind, vocabulary, model, options.maxLength ?? 40);
  const x = classifier.encode(train.map((t) => t.text));
  const y = tensor(Int32Array.from(train, (t) => t.label), [train.length], 'int32');
  const optimizer = new Adam(
    model.parameters().filter((p) => p.requiresGrad),
    { lr: options.lr ?? (kind === 'bag' ? 3e-3 : 5e-3) },
  );
  try {
    const history = await fit(model, [x, y], {
      loss: new CrossEntropyLoss(),
      optimizer,
      epochs: options.epochs ?? (kind === 'bag' ? 30 : 10),
      batchSize: options.batchSize ?? 32,
      generator: new Generator(seed),
      metrics: ['accuracy'],
      verbose: options.verbose ?? 0,
    });
    return { classifier, history };
  } finally {
    optimizer.dispose();
    x.dispose();
    y.dispose();
  }
}
