// A sequence classifier: embedding → (bi)LSTM → linear on the final hidden state(s).
import { concat, type Tensor, tidy } from '@dendrite/core';
import { Embedding, Linear, LSTM, Module } from '@dendrite/layers';
import { positive } from '../generative/autoencoder.js';

/** Configuration of `LSTMClassifier`. */
export interface LSTMClassifierConfig {
  /** Number of token ids (ids run from 0 to vocabSize - 1). */
  vocabSize: number;
  /** Number of output classes. */
  numClasses: number;
  /** Embedding width (default 64). */
  embedDim?: number;
  /** LSTM hidden width per direction (default 64). */
  hidden?: number;
  /** Stacked LSTM layers (default 1). */
  numLayers?: number;
  /** Read the sequence both ways and join the two final states (default true). */
  bidirectional?: boolean;
  /** Token id of padding (its embedding stays zero); default none. */
  paddingIdx?: number;
}

/**
 * Token ids [N, T] (int32) → class logits [N, numClasses] from the last
 * layer's final hidden state (forward and backward joined when
 * bidirectional). Pad sequences at the start ("pre-padding"), so the
 * forward direction ends on real tokens.
 *
 * @example
 * ```ts
 * const clf = new LSTMClassifier({ vocabSize: 5000, numClasses: 2 });
 * clf.forward(ids).shape; // [N, 2]
 * ```
 */
export class LSTMClassifier extends Module {
  /** The resolved configuration, defaults filled in. */
  readonly cfg: Required<Omit<LSTMClassifierConfig, 'paddingIdx'>> & { paddingIdx?: number };
  /** Token embedding: ids [N, T] → [N, T, embedDim]. */
  embed: Embedding;
  /** The batch-first LSTM stack (bidirectional unless configured otherwise). */
  lstm: LSTM;
  /** Linear map from the final hidden state (both directions joined when bidirectional) to the class logits. */
  head: Linear;

  /**
   * Builds the embedding, LSTM and classifier head.
   *
   * @param config - vocabulary size and classes (required), embedding and hidden widths, layers, direction and padding id
   */
  constructor(config: LSTMClassifierConfig) {
    super();
    this.cfg = {
      vocabSize: positive('LSTMClassifier', 'vocabSize', config?.vocabSize),
      numClasses: positive('LSTMClassifier', 'numClasses', config.numClasses),
      embedDim: positive('LSTMClassifier', 'embedDim', config.embedDim ?? 64),
      hidden: positive('LSTMClassifier', 'hidden', config.hidden ?? 64),
      numLayers: positive('LSTMClassifier', 'numLayers', config.numLayers ?? 1),
      bidirectional: config.bidirectional ?? true,
      ...(config.paddingIdx !== undefined ? { paddingIdx: config.paddingIdx } : {}),
    };
    const c = this.cfg;
    this.embed = new Embedding(c.vocabSize, c.embedDim, c.paddingIdx !== undefined ? { paddingIdx: c.paddingIdx } : {});
    this.lstm = new LSTM(c.embedDim, c.hidden, { numLayers: c.numLayers, batchFirst: true, bidirectional: c.bidirectional });
    this.head = new Linear(c.hidden * (c.bidirectional ? 2 : 1), c.numClasses);
  }

  override config(): Record<string, unknown> {
    return { ...this.cfg };
  }

  forward(ids: Tensor): Tensor {
    return tidy(() => {
      const [, [hN]] = this.lstm.forward(this.embed.forward(ids));
      // hN [layers * directions, N, H]: the last layer's entries are the last one (or two).
      const L = hN.shape[0];
      const last = this.cfg.bidirectional ? concat([hN.sliceAxis(0, L - 2, L - 1), hN.sliceAxis(0, L - 1, L)], 2) : hN.sliceAxis(0, L - 1, L);
      return this.head.forward(last.reshape([ids.shape[0], -1]));
    });
  }
}
