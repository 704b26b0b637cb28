// Turns a corpus of id sentences into word2vec training examples: each has
// input rows (1 for skip-gram, the window for CBOW), one positive target, K
// negatives, and the learning rate in force when it was drawn (linear decay
// over all raw words of all epochs, as gensim). Both training paths consume
// these batches, so they train on identical examples.
import type { HostRng } from './rng.js';
import { keepProbabilities, UnigramTable } from './sampling.js';

/** A growable batch of examples (row-major, `width` inputs and `negative + 1` targets each). */
export class ExampleBatch {
  count = 0;
  /** Input ids, `width` per example, -1 where unused. */
  inputs: Int32Array;
  /** Positive target then the negatives, `negative + 1` per example. */
  targets: Int32Array;
  lr: Float32Array;
  constructor(
    readonly width: number,
    readonly negative: number,
    capacity = 1024,
  ) {
    this.inputs = new Int32Array(capacity * width);
    this.targets = new Int32Array(capacity * (negative + 1));
    this.lr = new Float32Array(capacity);
  }

  /** Room for one more example (grows by doubling). */
  reserve(): number {
    const n = this.count;
    if (n >= this.lr.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.inputs = grow(this.inputs);
      this.targets = grow(this.targets);
      this.lr = grow(this.lr);
    }
    this.count++;
    return n;
  }
}

/** Example-generation settings (a subset of `Word2VecOptions`). */
export interface ExampleSettings {
  mode: 'skipgram' | 'cbow';
  window: number;
  negative: number;
  sample: number;
  alpha: number;
  minAlpha: number;
  epochs: number;
}

/**
 * Walks the corpus epoch by epoch, sentence by sentence.
 *
 * @example
 * ```ts
 * const stream = new ExampleStream(sentences, counts, settings, new HostRng(1));
 * const batch = new ExampleBatch(1, 5);
 * while (stream.fill(batch, 1000)) { ... }
 * ```
 */
export class ExampleStream {
  readonly table: UnigramTable;
  readonly keep: Float64Array;
  readonly totalWords: number;
  epoch = 0;
  sentence = 0;
  /** Raw corpus words consumed so far (over all epochs). */
  wordsDone = 0;
  private readonly buf: Int32Array;

  constructor(
    readonly sentences: readonly Int32Array[],
    counts: ArrayLike<number>,
    readonly settings: ExampleSettings,
    readonly rng: HostRng,
  ) {
    this.table = new UnigramTable(counts, 0.75);
    this.keep = keepProbabilities(counts, settings.sample);
    let total = 0;
    let longest = 0;
    for (const s of sentences) {
      total += s.length;
      longest = Math.max(longest, s.length);
    }
    this.totalWords = total;
    this.buf = new Int32Array(longest);
  }

  /** The input width of an example: 1 (skip-gram) or 2·window (CBOW). */
  get width(): number {
    return this.settings.mode === 'skipgram' ? 1 : 2 * this.settings.window;
  }

  /** Learning rate after `wordsDone` words. */
  currentAlpha(): number {
    const { alpha, minAlpha, epochs } = this.settings;
    const progress = this.wordsDone / (epochs * this.totalWords);
    return Math.max(minAlpha, alpha - (alpha - minAlpha) * progress);
  }

  /**
   * Clears `batch` and appends whole sentences' examples until it holds at
   * least `atLeast` or the epoch ends; false when nothing was left.
   */
  fill(batch: ExampleBatch, atLeast: number): boolean {
    batch.count = 0;
    const { mode, window, epochs } = this.settings;
    const rng = this.rng;
    let any = false;
    while (batch.count < atLeast && this.epoch < epochs) {
      const s = this.sentences[this.sentence];
      any = true;
      const lr = this.currentAlpha();
      // Subsample the sentence first (as gensim), so windows span dropped words.
      let n = 0;
      for (let i = 0; i < s.length; i++) {
        const w = s[i];
        if (this.keep[w] >= 1 || this.keep[w] > rng.uniform()) this.buf[n++] = w;
      }
      for (let i = 0; i < n; i++) {
        const reduced = rng.next() % window; // dynamic window: effective size in [1, window]
        const lo = Math.max(0, i - window + reduced);
        const hi = Math.min(n, i + window + 1 - reduced);
        if (mode === 'skipgram') {
          for (let j = lo; j < hi; j++) {
            if (j === i) continue;
            const e = batch.reserve();
            batch.inputs[e] = this.buf[i];
            this.drawTargets(batch, e, this.buf[j], lr);
          }
        } else {
          if (hi - lo <= 1) continue;
          const e = batch.reserve();
          const base = e * batch.width;
          let c = 0;
          for (let j = lo; j < hi; j++) if (j !== i) batch.inputs[base + c++] = this.buf[j];
          for (; c < batch.width; c++) batch.inputs[base + c] = -1;
          this.drawTargets(batch, e, this.buf[i], lr);
        }
      }
      this.wordsDone += s.length;
      if (++this.sentence >= this.sentences.length) {
        this.sentence = 0;
        this.epoch++;
        break; // a batch never spans two epochs, so epoch ends are reported exactly
      }
    }
    return any;
  }

  private drawTargets(batch: ExampleBatch, e: number, positive: number, lr: number): void {
    const k = this.settings.negative;
    const base = e * (k + 1);
    batch.targets[base] = positive;
    for (let j = 1; j <= k; j++) {
      // A negative equal to the positive is redrawn (gensim skips it); bounded for a one-word vocabulary.
      let t = this.table.sample(this.rng);
      for (let tries = 0; t === positive && tries < 16; tries++) t = this.table.sample(this.rng);
      batch.targets[base + j] = t;
    }
    batch.lr[e] = lr;
  }
}
