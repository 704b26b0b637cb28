// A character-level LSTM language model (Karpathy's char-rnn): embedding →
// stacked LSTM → linear over the vocabulary, with the state passed in and out
// so training can carry it across batches (truncated BPTT).

import { type Tensor, tidy } from '@dendrite/core';
import { type CellState, Embedding, Linear, LSTM, Module } from '@dendrite/layers';
import { positive } from '../generative/autoencoder.js';

/** Configuration of `CharLSTM`. */
export interface CharLSTMConfig {
  /** Number of distinct characters. */
  vocabSize: number;
  /** Embedding width (default 32). */
  embedDim?: number;
  /** LSTM hidden width (default 256). */
  hidden?: number;
  /** Stacked LSTM layers (default 2). */
  numLayers?: number;
  /** Dropout between LSTM layers (default 0). */
  dropout?: number;
}

/**
 * Predicts the next character at every position: ids [N, T] (int32) and an
 * optional state → logits [N, T, vocab] and the final state.
 *
 * @example
 * ```ts
 * const lm = new CharLSTM({ vocabSize: 80 });
 * const [logits, state] = lm.step(ids);          // ids [N, T]
 * const [next] = lm.step(moreIds, state);       // continues where it stopped
 * ```
 */
export class CharLSTM extends Module {
  /** Number of distinct characters (token ids 0 .. vocabSize - 1). */
  readonly vocabSize: number;
  /** Width of the character embeddings (default 32). */
  readonly embedDim: number;
  /** Hidden size of each LSTM layer (default 256). */
  readonly hidden: number;
  /** Number of stacked LSTM layers (default 2). */
  readonly numLayers: number;
  /** Dropout between LSTM layers (default 0). */
  readonly dropout: number;
  /** Character embedding: ids → [N, T, embedDim]. */
  embed: Embedding;
  /** The batch-first LSTM stack. */
  lstm: LSTM;
  /** Linear map from hidden states to next-character logits [N, T, vocabSize]. */
  head: Linear;

  /**
   * Builds the embedding, LSTM stack and output head.
   *
   * @param config - vocabulary size (required), embedding width, hidden size, layers and dropout
   */
  constructor(config: CharLSTMConfig) {
    super();
    this.vocabSize = positive('CharLSTM', 'vocabSize', config?.vocabSize);
    this.embedDim = positive('CharLSTM', 'embedDim', config.embedDim ?? 32);
    this.hidden = positive('CharLSTM', 'hidden', config.hidden ?? 256);
    this.numLayers = positive('CharLSTM', 'numLayers', config.numLayers ?? 2);
    this.dropout = config.dropout ?? 0;
    this.embed = new Embedding(this.vocabSize, this.embedDim);
    this.lstm = new LSTM(this.embedDim, this.hidden, { numLayers: this.numLayers, batchFirst: true, dropout: this.dropout });
    this.head = new Linear(this.hidden, this.vocabSize);
  }

  override config(): Record<string, unknown> {
    return { vocabSize: this.vocabSize, embedDim: this.embedDim, hidden: this.hidden, numLayers: this.numLayers, dropout: this.dropout };
  }

  /** ids [N, T] → [logits [N, T, vocab], state]. */
  step(ids: Tensor, state?: CellState): [Tensor, CellState] {
    return tidy(() => {
      const [out, next] = this.lstm.forward(this.embed.forward(ids), state);
      return [this.head.forward(out), next];
    });
  }

  /** Logits only (a fresh zero state). */
  forward(ids: Tensor): Tensor {
    return tidy(() => this.step(ids)[0]);
  }
}
