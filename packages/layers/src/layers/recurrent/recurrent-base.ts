// The shared machinery of RNN, LSTM and GRU: PyTorch's parameter names
// (weight_ih_l0, bias_hh_l1_reverse...), stacked layers, both directions,
// batchFirst layout, dropout between layers, initial and final states.
import { add, concat, dropout, fmtShape, type Generator, matmul, ShapeError, sliceAxis, stack, type Tensor, tidy, transpose, ValueError, zeros } from '@dendrite/core';
import { Module } from '../../module/module.js';
import type { Parameter } from '../../module/parameter.js';
import { positiveInt, uniformParameter } from '../param-init.js';
import type { CellState, CellStep } from './cells.js';

/** Options of RNN, LSTM and GRU. */
export interface RecurrentOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Learn biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [B, T, F] instead of [T, B, F] (default false). */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training (default 0). */
  dropout?: number;
  /** Run a second pass backwards in time and concatenate (default false). */
  bidirectional?: boolean;
  /** Random stream for the weight initialization (default: the default generator). */
  generator?: Generator;
}

interface Weights {
  wih: Parameter;
  whh: Parameter;
  bih: Parameter | null;
  bhh: Parameter | null;
}

/** Base class of the recurrent layers; `stateCount` is 1 (h) or 2 (h, c). */
export abstract class RecurrentBase extends Module<[Tensor, CellState?], [Tensor, CellState]> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  private readonly _weights: Weights[][] = [];
  private readonly _dropoutGenerator: Generator | undefined;
  protected abstract readonly stateCount: number;
  protected abstract step(): CellStep;

  constructor(inputSize: number, hiddenSize: number, gates: number, options: RecurrentOptions) {
    super();
    const name = new.target.name;
    this.inputSize = positiveInt(name, 'inputSize', inputSize);
    this.hiddenSize = positiveInt(name, 'hiddenSize', hiddenSize);
    this.numLayers = positiveInt(name, 'numLayers', options.numLayers ?? 1);
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new ValueError(`${name}: 'dropout' must be in [0, 1), got ${this.dropout}`);
    this._dropoutGenerator = options.generator;
    const bound = 1 / Math.sqrt(hiddenSize);
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++) {
      const layer: Weights[] = [];
      const inSize = l === 0 ? inputSize : hiddenSize * dirs;
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const g = options.generator;
        const w: Weights = {
          wih: uniformParameter([gates * hiddenSize, inSize], bound, g),
          whh: uniformParameter([gates * hiddenSize, hiddenSize], bound, g),
          bih: options.bias === false ? null : uniformParameter([gates * hiddenSize], bound, g),
          bhh: options.bias === false ? null : uniformParameter([gates * hiddenSize], bound, g),
        };
        this.registerParameter(`weight_ih${sfx}`, w.wih);
        this.registerParameter(`weight_hh${sfx}`, w.whh);
        if (w.bih) this.registerParameter(`bias_ih${sfx}`, w.bih);
        if (w.bhh) this.registerParameter(`bias_hh${sfx}`, w.bhh);
        layer.push(w);
      }
      this._weights.push(layer);
    }
  }

  override config(): Record<string, unknown> {
    const { inputSize, hiddenSize, numLayers, batchFirst, dropout: p, bidirectional } = this;
    return { inputSize, hiddenSize, numLayers, bias: this._weights[0][0].bih !== null, batchFirst, dropout: p, bidirectional };
  }

  private checkInputs(x: Tensor, initial: CellState | undefined): { steps: number; batch: number } {
    const name = this.constructor.name;
    const layout = this.batchFirst ? '[B, T, F]' : '[T, B, F]';
    if (x.rank !== 3 || x.shape[2] !== this.inputSize) throw new ShapeError(`${name}: input must be ${layout} with F = ${this.inputSize}, got ${fmtShape(x.shape)}`);
    const [steps, batch] = this.batchFirst ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
    const want = [this.numLayers * (this.bidirectional ? 2 : 1), batch, this.hiddenSize];
    if (initial !== undefined) {
      if (!Array.isArray(initial) || initial.length !== this.stateCount) {
        throw new ValueError(`${name}: the initial state must be ${this.stateCount === 2 ? '[h0, c0]' : '[h0]'}, got ${Array.isArray(initial) ? `${initial.length} tensors` : typeof initial}`);
      }
      initial.forEach((s, i) => {
        if (s.rank !== 3 || s.shape.some((d, j) => d !== want[j])) throw new ShapeError(`${name}: initial state ${i} must be ${fmtShape(want)}, got ${fmtShape(s.shape)}`);
      });
    }
    return { steps, batch };
  }

  /** One direction of one layer over the sequence xs [T, B, F] → outputs [T, B, H] and the final state. */
  private runDirection(xs: Tensor, w: Weights, state: CellState, reverse: boolean): [Tensor, CellState] {
    const steps = xs.shape[0];
    let xp = matmul(xs, w.wih.value, { transB: true });
    if (w.bih) xp = add(xp, w.bih.value);
    const cell = this.step();
    const outs: Tensor[] = new Array(steps);
    let s = state;
    for (let k = 0; k < steps; k++) {
      const t = reverse ? steps - 1 - k : k;
      const xt = sliceAxis(xp, 0, t, t + 1).reshape(xp.shape.slice(1));
      s = cell(xt, s, w.whh.value, w.bhh?.value ?? null);
      outs[t] = s[0];
    }
    return [stack(outs, 0), s];
  }

  /**
   * Runs the sequence. Returns the last layer's outputs for every step
   * ([T, B, D·H], or [B, T, D·H] with batchFirst) and the final state, each
   * tensor [numLayers·D, B, H] (D = 2 when bidirectional).
   */
  forward(x: Tensor, initial?: CellState): [Tensor, CellState] {
    const { batch } = this.checkInputs(x, initial);
    return tidy(() => {
      const dirs = this.bidirectional ? 2 : 1;
      const h = this.hiddenSize;
      const start = (idx: number): CellState =>
        Array.from({ length: this.stateCount }, (_, i) => (initial ? sliceAxis(initial[i], 0, idx, idx + 1).reshape([batch, h]) : zeros([batch, h])));
      let seq = this.batchFirst ? transpose(x, 0, 1) : x;
      const finals: CellState[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const outs: Tensor[] = [];
        for (let d = 0; d < dirs; d++) {
          const [out, fin] = this.runDirection(seq, this._weights[l][d], start(l * dirs + d), d === 1);
          outs.push(out);
          finals.push(fin);
        }
        seq = dirs === 2 ? concat(outs, 2) : outs[0];
        if (this.dropout > 0 && this.training && l < this.numLayers - 1) seq = dropout(seq, this.dropout, true, { generator: this._dropoutGenerator });
      }
      const output = this.batchFirst ? transpose(seq, 0, 1) : seq;
      const state = Array.from({ length: this.stateCount }, (_, i) => stack(finals.map((f) => f[i]), 0));
      return [output, state] as [Tensor, CellState];
    });
  }
}
