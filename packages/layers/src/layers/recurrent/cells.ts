// One time step of each recurrent cell, in PyTorch's gate order, given the
// input projection x_t·W_ihᵀ + b_ih (computed for all steps at once).
import { add, matmul, mul, relu, sigmoid, sliceAxis, sub, type Tensor, tanh } from '@dendrite/core';

/** The recurrent state: [h] for RNN and GRU, [h, c] for LSTM. */
export type CellState = Tensor[];

/** One step: (input projection [B, G·H], state, W_hh, b_hh) → next state. */
export type CellStep = (xp: Tensor, state: CellState, whh: Tensor, bhh: Tensor | null) => CellState;

function hiddenProjection(h: Tensor, whh: Tensor, bhh: Tensor | null): Tensor {
  const p = matmul(h, whh, { transB: true });
  return bhh ? add(p, bhh) : p;
}

function gate(t: Tensor, k: number, size: number): Tensor {
  return sliceAxis(t, -1, k * size, (k + 1) * size);
}

/**
 * Elman RNN step: h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh).
 *
 * @example
 * ```ts
 * const [h1] = rnnStep('tanh')(xp, [h0], whh, bhh);
 * ```
 */
export function rnnStep(nonlinearity: 'tanh' | 'relu'): CellStep {
  const act = nonlinearity === 'tanh' ? tanh : relu;
  return (xp, [h], whh, bhh) => [act(add(xp, hiddenProjection(h, whh, bhh)))];
}

/**
 * LSTM step (gates i, f, g, o): c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c').
 *
 * @example
 * ```ts
 * const [h1, c1] = lstmStep(xp, [h0, c0], whh, bhh);
 * ```
 */
export const lstmStep: CellStep = (xp, [h, c], whh, bhh) => {
  const size = h.shape[1];
  const gates = add(xp, hiddenProjection(h, whh, bhh));
  const i = sigmoid(gate(gates, 0, size));
  const f = sigmoid(gate(gates, 1, size));
  const g = tanh(gate(gates, 2, size));
  const o = sigmoid(gate(gates, 3, size));
  const cNext = add(mul(f, c), mul(i, g));
  return [mul(o, tanh(cNext)), cNext];
};

/**
 * GRU step (gates r, z, n): n = tanh(x_n + r·(h W_hnᵀ + b_hn)), h' = (1 - z)·n + z·h.
 *
 * @example
 * ```ts
 * const [h1] = gruStep(xp, [h0], whh, bhh);
 * ```
 */
export const gruStep: CellStep = (xp, [h], whh, bhh) => {
  const size = h.shape[1];
  const hp = hiddenProjection(h, whh, bhh);
  const r = sigmoid(add(gate(xp, 0, size), gate(hp, 0, size)));
  const z = sigmoid(add(gate(xp, 1, size), gate(hp, 1, size)));
  const n = tanh(add(gate(xp, 2, size), mul(r, gate(hp, 2, size))));
  return [add(n, mul(z, sub(h, n)))];
};
