// RNN, LSTM and GRU: the recurrent base with each cell's step and gate count.
import type { Tensor } from '@dendrite/core';
import { ValueError } from '@dendrite/core';
import { type CellState, type CellStep, gruStep, lstmStep, rnnStep } from './cells.js';
import { RecurrentBase, type RecurrentOptions } from './recurrent-base.js';

/**
 * Elman RNN with tanh (default) or ReLU: h_t = act(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh).
 *
 * @example
 * ```ts
 * const rnn = new RNN(8, 16, { numLayers: 2, batchFirst: true });
 * const [out, [hN]] = rnn.forward(randn([4, 10, 8])); // out [4, 10, 16], hN [2, 4, 16]
 * ```
 */
export class RNN extends RecurrentBase {
  protected readonly stateCount = 1;
  /** The cell's activation. */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * An Elman RNN: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.
   * @param inputSize - features per time step
   * @param hiddenSize - size of the hidden state
   * @param options - layers, nonlinearity, bias, batchFirst, dropout, bidirectional and the initialization stream
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(inputSize, hiddenSize, 1, options);
    const act = options.nonlinearity ?? 'tanh';
    if (act !== 'tanh' && act !== 'relu') throw new ValueError(`RNN: 'nonlinearity' must be 'tanh' or 'relu', got ${JSON.stringify(act)}`);
    this.nonlinearity = act;
  }

  /** The constructor arguments, for saving and rebuilding the module. */
  override config(): Record<string, unknown> {
    return { ...super.config(), nonlinearity: this.nonlinearity };
  }

  protected step(): CellStep {
    return rnnStep(this.nonlinearity);
  }
}

/**
 * Long short-term memory (gates i, f, g, o as PyTorch); the state is [h, c].
 *
 * @example
 * ```ts
 * const lstm = new LSTM(1, 32);
 * const [out, [hN, cN]] = lstm.forward(randn([20, 8, 1])); // out [20, 8, 32]
 * ```
 */
export class LSTM extends RecurrentBase {
  protected readonly stateCount = 2;

  /**
   * A long short-term memory layer (PyTorch's gate order: input, forget, cell, output).
   * @param inputSize - features per time step
   * @param hiddenSize - size of the hidden and cell states
   * @param options - layers, bias, batchFirst, dropout, bidirectional and the initialization stream
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super(inputSize, hiddenSize, 4, options);
  }

  protected step(): CellStep {
    return lstmStep;
  }

  /** `forward(x, [h0, c0]?)` → `[output, [hN, cN]]`. */
  override forward(x: Tensor, initial?: CellState): [Tensor, CellState] {
    return super.forward(x, initial);
  }
}

/**
 * Gated recurrent unit (gates r, z, n as PyTorch).
 *
 * @example
 * ```ts
 * const gru = new GRU(8, 16, { bidirectional: true });
 * const [out, [hN]] = gru.forward(randn([5, 2, 8])); // out [5, 2, 32], hN [2, 2, 16]
 * ```
 */
export class GRU extends RecurrentBase {
  protected readonly stateCount = 1;

  /**
   * A gated recurrent unit layer (PyTorch's gate order: reset, update, new).
   * @param inputSize - features per time step
   * @param hiddenSize - size of the hidden state
   * @param options - layers, bias, batchFirst, dropout, bidirectional and the initialization stream
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super(inputSize, hiddenSize, 3, options);
  }

  protected step(): CellStep {
    return gruStep;
  }
}
