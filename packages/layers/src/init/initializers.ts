// Weight initializers. Each one replaces a Parameter's (or buffer's) tensor
// with fresh values of the same shape, like PyTorch's in-place `nn.init.*_`.
import { cast, full, type Generator, noGrad, rand, randn, type Tensor, tidy, ValueError } from '@dendrite/core';
import type { TensorHolder } from '../module/parameter.js';
import { calculateGain, computeFans, type Nonlinearity } from './fans.js';

/** The random stream an initializer draws from (the default one, set by `seed()`, otherwise). */
export interface InitOptions {
  generator?: Generator;
}

/** Options of Kaiming (He) initialization. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0 for ReLU). */
  a?: number;
  /** Preserve the variance of activations ('fanIn', default) or of gradients ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** Default 'leakyRelu' (with slope `a`), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function castTo(t: Tensor, dtype: Tensor['dtype']): Tensor {
  return t.dtype === dtype ? t : cast(t, dtype);
}

function replace(target: TensorHolder, make: (shape: readonly number[]) => Tensor): TensorHolder {
  // Initializers draw in float32; a half model's holder gets the values in its own dtype.
  target.assign(noGrad(() => tidy(() => castTo(make(target.shape), target.dtype))));
  return target;
}

function finite(op: string, arg: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: '${arg}' must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Fills with a constant.
 *
 * @example
 * ```ts
 * init.constant(layer.bias!, 0.1);
 * ```
 */
export function constant(target: TensorHolder, value: number): TensorHolder {
  finite('init.constant', 'value', value);
  return replace(target, (s) => full(s, value, target.dtype));
}

/**
 * Fills with zeros.
 *
 * @example
 * ```ts
 * init.zeros(layer.bias!);
 * ```
 */
export function zeros(target: TensorHolder): TensorHolder {
  return constant(target, 0);
}

/**
 * Fills with ones.
 *
 * @example
 * ```ts
 * init.ones(norm.weight!);
 * ```
 */
export function ones(target: TensorHolder): TensorHolder {
  return constant(target, 1);
}

/**
 * Uniform values in [low, high) (default [0, 1)).
 *
 * @example
 * ```ts
 * init.uniform(layer.weight, { low: -0.1, high: 0.1 });
 * ```
 */
export function uniform(target: TensorHolder, options: InitOptions & { low?: number; high?: number } = {}): TensorHolder {
  const low = finite('init.uniform', 'low', options.low ?? 0);
  const high = finite('init.uniform', 'high', options.high ?? 1);
  if (!(high >= low)) throw new ValueError(`init.uniform: 'high' (${high}) must be >= 'low' (${low})`);
  return replace(target, (s) => rand(s, { low, high, generator: options.generator }));
}

/**
 * Normal values (default mean 0, std 1).
 *
 * @example
 * ```ts
 * init.normal(layer.weight, { std: 0.02 });
 * ```
 */
export function normal(target: TensorHolder, options: InitOptions & { mean?: number; std?: number } = {}): TensorHolder {
  const mean = finite('init.normal', 'mean', options.mean ?? 0);
  const std = finite('init.normal', 'std', options.std ?? 1);
  if (std < 0) throw new ValueError(`init.normal: 'std' must be >= 0, got ${std}`);
  return replace(target, (s) => randn(s, { mean, std, generator: options.generator }));
}

/**
 * Xavier/Glorot uniform: U(-a, a) with a = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * ```ts
 * init.xavierUniform(layer.weight, { gain: calculateGain('tanh') });
 * ```
 */
export function xavierUniform(target: TensorHolder, options: InitOptions & { gain?: number } = {}): TensorHolder {
  const { fanIn, fanOut } = computeFans(target.shape);
  const a = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(target, { low: -a, high: a, generator: options.generator });
}

/**
 * Xavier/Glorot normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)).
 *
 * @example
 * ```ts
 * init.xavierNormal(layer.weight);
 * ```
 */
export function xavierNormal(target: TensorHolder, options: InitOptions & { gain?: number } = {}): TensorHolder {
  const { fanIn, fanOut } = computeFans(target.shape);
  return normal(target, { std: (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), generator: options.generator });
}

function kaimingStd(op: string, shape: readonly number[], options: KaimingOptions): number {
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`${op}: 'mode' must be 'fanIn' or 'fanOut', got ${JSON.stringify(mode)}`);
  const fans = computeFans(shape);
  const gain = calculateGain(options.nonlinearity ?? 'leakyRelu', options.a ?? 0);
  return gain / Math.sqrt(mode === 'fanIn' ? fans.fanIn : fans.fanOut);
}

/**
 * Kaiming/He uniform: U(-b, b) with b = gain·√(3 / fan). PyTorch's Linear
 * and Conv layers use it with `a = √5`, i.e. U(-1/√fanIn, 1/√fanIn).
 *
 * @example
 * ```ts
 * init.kaimingUniform(conv.weight, { nonlinearity: 'relu' });
 * ```
 */
export function kaimingUniform(target: TensorHolder, options: KaimingOptions = {}): TensorHolder {
  const bound = Math.sqrt(3) * kaimingStd('init.kaimingUniform', target.shape, options);
  return uniform(target, { low: -bound, high: bound, generator: options.generator });
}

/**
 * Kaiming/He normal: N(0, (gain / √fan)²).
 *
 * @example
 * ```ts
 * init.kaimingNormal(conv.weight, { mode: 'fanOut', nonlinearity: 'relu' });
 * ```
 */
export function kaimingNormal(target: TensorHolder, options: KaimingOptions = {}): TensorHolder {
  return normal(target, { std: kaimingStd('init.kaimingNormal', target.shape, options), generator: options.generator });
}

/**
 * LeCun uniform: U(-b, b) with b = √(3 / fanIn) (for SELU networks).
 *
 * @example
 * ```ts
 * init.lecunUniform(layer.weight);
 * ```
 */
export function lecunUniform(target: TensorHolder, options: InitOptions = {}): TensorHolder {
  const bound = Math.sqrt(3 / computeFans(target.shape).fanIn);
  return uniform(target, { low: -bound, high: bound, generator: options.generator });
}

/**
 * LeCun normal: N(0, 1 / fanIn).
 *
 * @example
 * ```ts
 * init.lecunNormal(layer.weight);
 * ```
 */
export function lecunNormal(target: TensorHolder, options: InitOptions = {}): TensorHolder {
  return normal(target, { std: Math.sqrt(1 / computeFans(target.shape).fanIn), generator: options.generator });
}
