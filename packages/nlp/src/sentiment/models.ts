// Two text classifiers over token ids [B, T] (int32, padded with id
// `padId`): a bag of embeddings (masked mean) + MLP, and an LSTM whose last
// output feeds a linear head (sequences are pre-padded, so the last step is
// the last real token).
import { cast, div, maximum, mul, ne, sliceAxis, squeeze, sum, type Tensor, unsqueeze } from '@dendrite/core';
import { Dropout, type Embedding, Linear, LSTM, Module, ReLU } from '@dendrite/layers';

/**
 * Mean of the non-padding token embeddings → Linear → ReLU → Linear (2 logits).
 *
 * @example
 * ```ts
 * const model = new BagOfEmbeddingsClassifier(embedding, { hidden: 64, padId: 0 });
 * model.forward(ids).shape; // [B, 2]
 * ```
 */
export class BagOfEmbeddingsClassifier extends Module {
  /** The id of padding tokens, left out of the mean. */
  readonly padId: number;
  /** Width of the hidden layer. */
  readonly hidden: number;
  /** Mean embedding → hidden layer. */
  fc1: Linear;
  /** Activation after `fc1`. */
  act = new ReLU();
  /** Dropout before `fc2` (active in training mode only). */
  drop: Dropout;
  /** Hidden layer → class logits. */
  fc2: Linear;

  /**
   * A bag-of-embeddings classifier over `embedding`.
   * @param embedding - The token embedding table (for example from `embeddingFromVectors`).
   * @param options - `hidden` width (default 64), `padId` (default 0), `dropout` (default 0.2), `classes` (default 2).
   */
  constructor(
    readonly embedding: Embedding,
    options: { hidden?: number; padId?: number; dropout?: number; classes?: number } = {},
  ) {
    super();
    this.padId = options.padId ?? 0;
    this.hidden = options.hidden ?? 64;
    this.fc1 = new Linear(embedding.embeddingDim, this.hidden);
    this.drop = new Dropout(options.dropout ?? 0.2);
    this.fc2 = new Linear(this.hidden, options.classes ?? 2);
  }

  override config(): Record<string, unknown> {
    return { vocabSize: this.embedding.numEmbeddings, dim: this.embedding.embeddingDim, hidden: this.hidden, padId: this.padId };
  }

  forward(ids: Tensor): Tensor {
    const mask = unsqueeze(cast(ne(ids, this.padId), 'float32'), 2);
    const emb = this.embedding.forward(ids);
    const mean = div(sum(mul(emb, mask), 1), maximum(sum(mask, 1), 1));
    return this.fc2.forward(this.drop.forward(this.act.forward(this.fc1.forward(mean))));
  }
}

/**
 * Embedding → LSTM → the last step's output → Linear (2 logits); feed it
 * pre-padded ids (`padSequences(..., { side: 'pre' })`).
 *
 * @example
 * ```ts
 * const model = new LstmClassifier(embedding, { hidden: 64 });
 * model.forward(ids).shape; // [B, 2]
 * ```
 */
export class LstmClassifier extends Module {
  /** Width of the LSTM's hidden state. */
  readonly hidden: number;
  /** The LSTM over the embedded tokens (batch first). */
  lstm: LSTM;
  /** Dropout before the head (active in training mode only). */
  drop: Dropout;
  /** Last LSTM output → class logits. */
  head: Linear;

  /**
   * An LSTM classifier over `embedding`.
   * @param embedding - The token embedding table (for example from `embeddingFromVectors`).
   * @param options - `hidden` size (default 64), `dropout` (default 0.2), `classes` (default 2).
   */
  constructor(
    readonly embedding: Embedding,
    options: { hidden?: number; dropout?: number; classes?: number } = {},
  ) {
    super();
    this.hidden = options.hidden ?? 64;
    this.lstm = new LSTM(embedding.embeddingDim, this.hidden, { batchFirst: true });
    this.drop = new Dropout(options.dropout ?? 0.2);
    this.head = new Linear(this.hidden, options.classes ?? 2);
  }

  override config(): Record<string, unknown> {
    return { vocabSize: this.embedding.numEmbeddings, dim: this.embedding.embeddingDim, hidden: this.hidden };
  }

  forward(ids: Tensor): Tensor {
    const [out] = this.lstm.forward(this.embedding.forward(ids));
    const last = squeeze(sliceAxis(out, 1, out.shape[1] - 1, out.shape[1]), 1);
    return this.head.forward(this.drop.forward(last));
  }
}
