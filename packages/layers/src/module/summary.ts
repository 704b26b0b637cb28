// Module.summary(): runs one forward pass on zeros with every submodule's
// forward wrapped to record its output shape, then prints a torchinfo-style
// table (output shapes, parameters, multiply-adds, memory estimate).
import { type DType, fmtShape, noGrad, type Tensor, tidy, ValueError, zeros } from '@dendrite/core';
import type { AnyModule } from './module.js';

/** Options of `summary()`. */
export interface SummaryOptions {
  /** Dtype of the zero inputs (int32 for Embedding models; default float32). */
  dtype?: DType;
  /** Print the table with console.log (default true); it is returned either way. */
  print?: boolean;
}

/** A layer that knows its multiply-accumulate count for one call (convolutions, linear layers). */
export interface CountsMultAdds {
  multAdds(input: readonly number[], output: readonly number[]): number;
}

interface Row {
  name: string;
  type: string;
  output: string;
  params: number;
  multAdds: number;
}

function firstShape(value: unknown): readonly number[] | null {
  if (value && typeof value === 'object' && 'shape' in value && Array.isArray((value as Tensor).shape)) return (value as Tensor).shape;
  return null;
}

function bytesOf(value: unknown): number {
  if (value && typeof value === 'object' && 'shape' in value && Array.isArray((value as Tensor).shape)) {
    const t = value as Tensor;
    return t.size * (t.dtype === 'float16' ? 2 : 4);
  }
  return Array.isArray(value) ? value.reduce((n: number, v) => n + bytesOf(v), 0) : 0;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(2);
}

function shapesOf(value: unknown): string {
  if (value && typeof value === 'object' && 'shape' in value && Array.isArray((value as Tensor).shape)) return fmtShape((value as Tensor).shape);
  if (Array.isArray(value)) return value.map(shapesOf).filter(Boolean).join(', ');
  return '';
}

function directParams(m: AnyModule): number {
  const own = m.parameters().reduce((n, p) => n + p.size, 0);
  const viaChildren = m.children().reduce((n, c) => n + c.numParameters(), 0);
  return own - viaChildren;
}

function table(rows: Row[]): string {
  const head: Row = { name: 'Layer', type: 'Type', output: 'Output shape', params: 0, multAdds: 0 };
  const cells = [head, ...rows].map((r, i) => [r.name, r.type, r.output, i === 0 ? 'Params' : r.params.toLocaleString('en-US'), i === 0 ? 'Mult-adds' : r.multAdds.toLocaleString('en-US')]);
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c >= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [line(cells[0]), rule, ...cells.slice(1).map(line), rule].join('\n');
}

/**
 * Builds the summary table of `model` for an input of `inputShape` (or one
 * shape per forward argument), batch dimension included. Mult-adds count
 * the multiply-accumulates of layers that report them (convolutions and
 * linear layers, as torchinfo); the memory estimate is torchinfo's: input,
 * every listed layer's output kept for the backward pass (x2 for its
 * gradient), and the parameters.
 *
 * @example
 * ```ts
 * summarize(new Linear(4, 2), [1, 4]);
 * ```
 */
export function summarize(model: AnyModule, inputShape: readonly number[] | readonly (readonly number[])[], options: SummaryOptions = {}): string {
  if (!Array.isArray(inputShape) || inputShape.length === 0) {
    throw new ValueError(`${model.constructor.name}.summary: 'inputShape' must be a shape like [1, 3, 32, 32] (or an array of shapes), got ${JSON.stringify(inputShape)}`);
  }
  const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as readonly (readonly number[])[];
  const rows: Row[] = [];
  let activationBytes = 0;
  const wrapped: AnyModule[] = [];
  const names = new Map(model.namedModules().map(([n, m]) => [m, n] as const));
  for (const [name, m] of model.namedModules()) {
    if (m === model) continue;
    const original = m.forward;
    wrapped.push(m);
    Object.defineProperty(m, 'forward', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: (...args: unknown[]) => {
        const out = original.apply(m, args);
        const isLeaf = m.children().length === 0;
        if (isLeaf || directParams(m) > 0) {
          const inShape = firstShape(args[0]);
          const outShape = firstShape(out);
          const counter = m as unknown as Partial<CountsMultAdds>;
          const multAdds = typeof counter.multAdds === 'function' && inShape && outShape ? counter.multAdds(inShape, outShape) : 0;
          rows.push({ name: names.get(m) ?? name, type: m.constructor.name, output: shapesOf(out), params: directParams(m), multAdds });
          if (isLeaf) activationBytes += bytesOf(out);
        }
        return out;
      },
    });
  }
  let output = '';
  try {
    noGrad(() =>
      tidy(() => {
        const out = model.forward(...shapes.map((s) => zeros(s, options.dtype ?? 'float32')));
        output = shapesOf(out);
        return undefined;
      }),
    );
  } finally {
    for (const m of wrapped) delete (m as unknown as Record<string, unknown>).forward;
  }
  const total = model.numParameters();
  const trainable = model.numParameters(true);
  const multAdds = rows.reduce((n, r) => n + r.multAdds, 0);
  const inputBytes = shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1) * (options.dtype === 'float16' ? 2 : 4), 0);
  const paramBytes = model.parameters().reduce((n, p) => n + p.size * (p.dtype === 'float16' ? 2 : 4), 0);
  const text = [
    `${model.constructor.name} (input ${shapes.map(fmtShape).join(', ')} -> output ${output})`,
    table(rows),
    `Total params: ${total.toLocaleString('en-US')}`,
    `Trainable params: ${trainable.toLocaleString('en-US')}`,
    `Non-trainable params: ${(total - trainable).toLocaleString('en-US')}`,
    `Total mult-adds (G): ${(multAdds / 1e9).toFixed(2)}`,
    `Input size (MB): ${megabytes(inputBytes)}`,
    `Forward/backward pass size (MB): ${megabytes(2 * activationBytes)}`,
    `Params size (MB): ${megabytes(paramBytes)}`,
    `Estimated total size (MB): ${megabytes(inputBytes + 2 * activationBytes + paramBytes)}`,
  ].join('\n');
  if (options.print ?? true) console.log(text);
  return text;
}
