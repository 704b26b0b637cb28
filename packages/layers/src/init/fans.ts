// Fan-in/fan-out and nonlinearity gains, as PyTorch's torch.nn.init computes them.
import { fmtShape, ShapeError, ValueError } from '@dendrite/core';

/** Nonlinearities with a recommended init gain. */
export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/**
 * Fan-in and fan-out of a weight shape: `[out, in]` for Linear, `[out, in/groups, ...kernel]`
 * for convolutions (the kernel's size multiplies both).
 *
 * @example
 * ```ts
 * computeFans([16, 3, 5, 5]); // { fanIn: 75, fanOut: 400 }
 * ```
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new ShapeError(`computeFans: fan-in and fan-out need a weight with at least 2 dims, got ${fmtShape(shape)}`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/**
 * The gain that keeps activations' variance stable through a nonlinearity
 * (PyTorch's `calculate_gain`): relu √2, tanh 5/3, leakyRelu √(2 / (1 + slope²)).
 *
 * @example
 * ```ts
 * calculateGain('relu'); // 1.4142...
 * calculateGain('leakyRelu', 0.2);
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new ValueError(`calculateGain: leakyRelu slope must be a finite number, got ${JSON.stringify(param)}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity ${JSON.stringify(nonlinearity)}; expected linear, conv, sigmoid, tanh, relu, leakyRelu or selu`);
  }
}
