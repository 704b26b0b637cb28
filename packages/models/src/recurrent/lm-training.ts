// Training and sampling for the character LSTM: text cut into parallel
// streams, truncated backpropagation through time with the hidden state
// carried (detached) from one batch to the next, gradient clipping, and
// temperature sampling.
import { crossEntropy, defaultGenerator, detach, noGrad, type Generator as RandomGenerator, softmax, type Tensor, tensor, tidy } from '@dendrite/core';
import { type BaseHyper, type CellState, clipGradNorm, type Optimizer } from '@dendrite/layers';
import type { CharLSTM } from './char-lstm.js';
import type { CharVocab } from './char-vocab.js';

/** One TBPTT batch: inputs and next-character targets, both int32 [streams, steps]. */
export interface TextBatch {
  /** Input character ids [streams, steps] (int32). */
  x: Tensor;
  /** Target ids, the inputs shifted by one character [streams, steps] (int32). */
  y: Tensor;
}

/**
 * Splits `ids` into `streams` contiguous parallel streams and yields
 * consecutive windows of `steps` characters: batch k continues batch k−1 in
 * every stream, so a carried hidden state stays meaningful.
 *
 * @example
 * ```ts
 * for (const { x, y } of textBatches(ids, 32, 64)) { ... } // x [32, 64]
 * ```
 */
export function* textBatches(ids: Int32Array, streams: number, steps: number): Generator<TextBatch> {
  const len = Math.floor((ids.length - 1) / streams);
  for (let start = 0; start + 1 < len; start += steps) {
    const t = Math.min(steps, len - 1 - start);
    const xs = new Int32Array(streams * t);
    const ys = new Int32Array(streams * t);
    for (let s = 0; s < streams; s++) {
      xs.set(ids.subarray(s * len + start, s * len + start + t), s * t);
      ys.set(ids.subarray(s * len + start + 1, s * len + start + 1 + t), s * t);
    }
    yield { x: tensor(xs, [streams, t], 'int32'), y: tensor(ys, [streams, t], 'int32') };
  }
}

/** Number of batches `textBatches` yields. */
export function textBatchCount(length: number, streams: number, steps: number): number {
  const len = Math.floor((length - 1) / streams);
  return Math.max(0, Math.ceil((len - 1) / steps));
}

/**
 * Truncated BPTT over a stream of batches: call `step` per batch; the state
 * is carried (detached, so gradients stop at the batch boundary) and reset
 * with `reset()` at the start of an epoch.
 *
 * @example
 * ```ts
 * const tbptt = new TBPTT(lm, adam, { clip: 5 });
 * for (const b of textBatches(ids, 32, 64)) await tbptt.step(b.x, b.y);
 * ```
 */
export class TBPTT {
  private state: CellState | undefined;

  /** Wraps a model and its optimizer; the carried state starts empty. */
  constructor(
    /** The character language model trained. */
    readonly model: CharLSTM,
    /** The optimizer over the model's parameters. */
    readonly optimizer: Optimizer<BaseHyper>,
    /** `clip`: maximum global gradient norm per step (default no clipping). */
    readonly options: { clip?: number } = {},
  ) {}

  /** Drops (and disposes) the carried LSTM state, e.g. at the start of an epoch. */
  reset(): void {
    if (this.state) for (const t of this.state) t.dispose();
    this.state = undefined;
  }

  /** One optimizer step on a batch; returns the mean loss in nats per character. */
  async step(x: Tensor, y: Tensor): Promise<number> {
    this.optimizer.zeroGrad();
    const prev = this.state;
    const [loss, ...next] = tidy(() => {
      const [logits, state] = this.model.step(x, prev);
      const l = crossEntropy(logits.reshape([-1, this.model.vocabSize]), y.reshape([-1]));
      l.backward();
      return [detach(l), ...state.map((t) => detach(t))];
    });
    if (prev) for (const t of prev) t.dispose();
    this.state = next as CellState;
    if (this.options.clip !== undefined) clipGradNorm(this.optimizer.params(), this.options.clip).dispose();
    this.optimizer.step();
    const v = (await loss.data())[0];
    loss.dispose();
    return v;
  }
}

/**
 * Mean cross-entropy in bits per character over `ids`, state carried through (no gradients).
 *
 * @example
 * ```ts
 * const bpc = await bitsPerChar(lm, vocab.encode(validationText), 16, 128);
 * ```
 */
export async function bitsPerChar(model: CharLSTM, ids: Int32Array, streams: number, steps: number): Promise<number> {
  let state: CellState | undefined;
  let nats = 0;
  let count = 0;
  for (const { x, y } of textBatches(ids, streams, steps)) {
    const [l, ...next] = noGrad(() =>
      tidy(() => {
        const [logits, s] = model.step(x, state);
        return [crossEntropy(logits.reshape([-1, model.vocabSize]), y.reshape([-1]), { reduction: 'sum' }), ...s];
      }),
    );
    if (state) for (const t of state) t.dispose();
    state = next as CellState;
    nats += (await l.data())[0];
    count += y.size;
    for (const t of [l, x, y]) t.dispose();
  }
  if (state) for (const t of state) t.dispose();
  return nats / Math.max(count, 1) / Math.LN2;
}

/**
 * Generates `length` characters after `prime`, drawing each from
 * softmax(logits / temperature) (lower: safer, higher: wilder).
 *
 * @example
 * ```ts
 * sampleText(lm, vocab, { prime: 'The ', length: 200, temperature: 0.8 });
 * ```
 */
export async function sampleText(model: CharLSTM, vocab: CharVocab, options: { prime?: string; length?: number; temperature?: number; generator?: RandomGenerator } = {}): Promise<string> {
  const prime = options.prime ?? vocab.chars[0];
  const temperature = options.temperature ?? 1;
  const g = options.generator ?? defaultGenerator;
  const ids = vocab.encode(prime);
  let state: CellState | undefined;
  let out = prime;
  let input = tensor(ids, [1, ids.length], 'int32');
  model.eval();
  for (let i = 0; i < (options.length ?? 200); i++) {
    const [probs, ...next] = noGrad(() =>
      tidy(() => {
        const [logits, s] = model.step(input, state);
        const lastLogits = logits.sliceAxis(1, logits.shape[1] - 1, logits.shape[1]).reshape([model.vocabSize]);
        return [softmax(lastLogits.div(temperature), 0), ...s];
      }),
    );
    if (state) for (const t of state) t.dispose();
    state = next as CellState;
    const p = await probs.data();
    probs.dispose();
    input.dispose();
    let u = g.uniform();
    let id = p.length - 1;
    for (let k = 0; k < p.length; k++) {
      u -= p[k];
      if (u < 0) {
        id = k;
        break;
      }
    }
    out += vocab.chars[id];
    input = tensor(Int32Array.of(id), [1, 1], 'int32');
  }
  input.dispose();
  if (state) for (const t of state) t.dispose();
  return out;
}
