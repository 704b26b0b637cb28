// Argument parsing shared by the convolution and pooling ops: scalars or
// pairs for (height, width), padding specs, and output sizes.
import { type DType, isFloatDType } from '../../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { fmtShape } from '../../shape.js';

/** One number for both spatial dims, or `[height, width]`. */
export type Pair = number | readonly [number, number];

/**
 * Convolution padding: `'valid'` (none), `'same'` (output size = input size,
 * stride 1 only, extra cell at the bottom/right for even extents, as
 * PyTorch), one number for all sides, `[ph, pw]`, or `[top, bottom, left, right]`.
 */
export type ConvPadding = 'same' | 'valid' | number | readonly [number, number] | readonly [number, number, number, number];

/** Padding as `[top, bottom, left, right]`. */
export type Quad = [number, number, number, number];

function isNonNegInt(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

/**
 * Resolves a `Pair` argument to `[h, w]`, each an integer >= `min`.
 *
 * @example
 * ```ts
 * toPair('conv2d', 'stride', 2, 1); // [2, 2]
 * ```
 */
export function toPair(op: string, arg: string, value: Pair, min: number): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => isNonNegInt(v, min))) {
    throw new ValueError(`${op}: argument '${arg}' must be an integer >= ${min} or a pair of them, got ${JSON.stringify(value)}`);
  }
  return [pair[0], pair[1]];
}

/**
 * Resolves an explicit padding (number, `[ph, pw]` or `[t, b, l, r]`) to `[t, b, l, r]`.
 *
 * @example
 * ```ts
 * toQuad('maxPool2d', 'padding', [1, 2]); // [1, 1, 2, 2]
 * ```
 */
export function toQuad(op: string, arg: string, value: number | readonly number[]): Quad {
  const list = typeof value === 'number' ? [value] : value;
  const ok = Array.isArray(list) && [1, 2, 4].includes(list.length) && list.every((v) => isNonNegInt(v, 0));
  if (!ok) {
    throw new ValueError(`${op}: argument '${arg}' must be a non-negative integer, [ph, pw] or [top, bottom, left, right], got ${JSON.stringify(value)}`);
  }
  if (list.length === 1) return [list[0], list[0], list[0], list[0]];
  if (list.length === 2) return [list[0], list[0], list[1], list[1]];
  return [list[0], list[1], list[2], list[3]];
}

/**
 * Resolves convolution padding to `[t, b, l, r]`. `'same'` splits the total
 * `dilation * (kernel - 1)` with the extra cell after, as PyTorch does.
 *
 * @example
 * ```ts
 * convPadding('conv2d', 'same', [4, 3], [1, 1], [1, 1]); // [1, 2, 1, 1]
 * ```
 */
export function convPadding(op: string, padding: ConvPadding, kernel: readonly [number, number], dilation: readonly [number, number], stride: readonly [number, number]): Quad {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ValueError(`${op}: padding 'same' needs stride 1 (as in PyTorch), got stride ${JSON.stringify(stride)}`);
    }
    const th = dilation[0] * (kernel[0] - 1);
    const tw = dilation[1] * (kernel[1] - 1);
    return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  }
  return toQuad(op, 'padding', padding as number | readonly number[]);
}

/**
 * Output length of a sliding window: `floor((in + before + after - dilation (k - 1) - 1) / stride) + 1`.
 * Throws `ShapeError` when the window does not fit.
 *
 * @example
 * ```ts
 * windowCount('conv2d', 'height', 5, 3, 2, 1, 1, 1); // 3
 * ```
 */
export function windowCount(op: string, dim: string, size: number, kernel: number, stride: number, before: number, after: number, dilation: number): number {
  const extent = dilation * (kernel - 1) + 1;
  const span = size + before + after - extent;
  if (span < 0) {
    throw new ShapeError(`${op}: the ${dim} window (extent ${extent} = dilation ${dilation} × (kernel ${kernel} - 1) + 1) is larger than the padded input ${dim} ${size + before + after} (input ${size}, padding ${before}+${after})`);
  }
  return Math.floor(span / stride) + 1;
}

/**
 * Throws `ShapeError` unless `t` has rank `rank`, naming what each dim means.
 *
 * @example
 * ```ts
 * expectRank('conv2d', 'x', x.shape, 4, '[N, C, H, W]');
 * ```
 */
export function expectRank(op: string, arg: string, shape: readonly number[], rank: number, layout: string): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${op}: argument '${arg}' must have rank ${rank} (${layout}), got shape ${fmtShape(shape)}`);
  }
}

/**
 * Throws `DTypeError` unless `t` is a float tensor (float32 or float16).
 *
 * @example
 * ```ts
 * expectFloat('conv2d', 'x', x);
 * ```
 */
export function expectFloat(op: string, arg: string, t: { dtype: DType; shape: readonly number[] }): void {
  if (!isFloatDType(t.dtype)) throw new DTypeError(`${op}: argument '${arg}' must be float32 or float16, got ${t.dtype} ${fmtShape(t.shape)}`);
}

/**
 * Throws `DTypeError` unless every given tensor has the first one's dtype
 * (a float16 input with float32 weights is a mistake to report, as PyTorch does,
 * not something to convert silently inside a layer).
 *
 * @example
 * ```ts
 * expectSameDType('conv2d', [['x', x], ['weight', w]]);
 * ```
 */
export function expectSameDType(op: string, args: readonly (readonly [string, { dtype: DType; shape: readonly number[] } | undefined])[]): void {
  const present = args.filter((a): a is readonly [string, { dtype: DType; shape: readonly number[] }] => a[1] !== undefined);
  const [firstName, first] = present[0] ?? [];
  for (const [name, t] of present.slice(1)) {
    if (first && t.dtype !== first.dtype) {
      throw new DTypeError(`${op}: '${firstName}' is ${first.dtype} ${fmtShape(first.shape)} but '${name}' is ${t.dtype} ${fmtShape(t.shape)}; cast one of them (e.g. x.half() or x.float())`);
    }
  }
}
