import { div, embedding, mul, tensor, flatten, type Generator, gt, maximum, noGrad, ones, randn, reshape, scatterAdd, sqrt, sum, square, type Tensor, tidy, ValueError, where, zeros } from '@dendrite/core';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { positiveInt } from './param-init.js';

/** Options of `Embedding`. */
export interface EmbeddingLayerOptions {
  /** This row starts at zero and gets no gradient (e.g. a padding token). */
  paddingIdx?: number | null;
  /** Rows looked up are renormalized to at most this L2 norm first (as PyTorch, changing the weight). */
  maxNorm?: number | null;
  /** Random stream for the weight initialization (default: the default generator). */
  generator?: Generator;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`
 * (init N(0, 1)); int32 indices of any shape give [...shape, dim].
 *
 * @example
 * ```ts
 * const emb = new Embedding(1000, 32, { paddingIdx: 0 });
 * emb.forward(tensor([[1, 5, 0]], undefined, 'int32')).shape; // [1, 3, 32]
 * ```
 */
export class Embedding extends Module {
  /** Number of rows (vocabulary size). */
  readonly numEmbeddings: number;
  /** Size of each row. */
  readonly embeddingDim: number;
  /** The row kept at zero and excluded from gradients, or null. */
  readonly paddingIdx: number | null;
  /** Rows are renormalized to this L2 norm when looked up, or null. */
  readonly maxNorm: number | null;
  /** The table [numEmbeddings, embeddingDim], initialized from N(0, 1) as in PyTorch. */
  weight: Parameter;

  /**
   * A lookup table: `forward(indices)` returns the rows at int32 `indices`, with shape `indices.shape + [embeddingDim]`.
   * @param numEmbeddings - number of rows
   * @param embeddingDim - size of each row
   * @param options - padding index, max norm and the initialization stream
   */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingLayerOptions = {}) {
    super();
    this.numEmbeddings = positiveInt('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = positiveInt('Embedding', 'embeddingDim', embeddingDim);
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new ValueError(`Embedding: 'paddingIdx' must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${pad}`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.maxNorm = options.maxNorm ?? null;
    if (this.maxNorm !== null && !(this.maxNorm > 0)) throw new ValueError(`Embedding: 'maxNorm' must be positive, got ${this.maxNorm}`);
    const row = pad;
    this.weight = new Parameter(
      noGrad(() =>
        tidy(() => {
          const w = randn([numEmbeddings, embeddingDim], { generator: options.generator });
          if (row === null) return w;
          const keepRow = new Float32Array(numEmbeddings).fill(1);
          keepRow[row] = 0;
          return mul(w, tensor(keepRow, [numEmbeddings, 1]));
        }),
      ),
    );
  }

  override config(): Record<string, unknown> {
    return { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim, paddingIdx: this.paddingIdx, maxNorm: this.maxNorm };
  }

  /** Scales the rows that `indices` reference down to `maxNorm` (PyTorch's embedding_renorm_). */
  private renorm(indices: Tensor, maxNorm: number): void {
    const n = this.numEmbeddings;
    const next = noGrad(() =>
      tidy(() => {
        const w = this.weight.value;
        const hits = scatterAdd(zeros([n]), 0, flatten(indices), ones([indices.size]));
        const norms = sqrt(sum(square(w), 1, true));
        const scale = div(maxNorm, maximum(norms, maxNorm));
        const touched = reshape(gt(hits, 0), [n, 1]);
        return where(touched, w.mul(scale), w);
      }),
    );
    this.weight.assign(next);
  }

  forward(indices: Tensor): Tensor {
    if (this.maxNorm !== null) this.renorm(indices, this.maxNorm);
    return embedding(indices, this.weight.value, { paddingIdx: this.paddingIdx });
  }
}
