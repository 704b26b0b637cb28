// Module.summary(): runs one forward pass on zeros with every submodule's
// forward wrapped to record its output shape, then prints a table.
import { type DType, fmtShape, noGrad, type Tensor, tidy, ValueError, zeros } from '@dendrite/core';
import type { AnyModule } from './module.js';

/** Options of `summary()`. */
export interface SummaryOptions {
  /** Dtype of the zero inputs (int32 for Embedding models; default float32). */
  dtype?: DType;
}

interface Row {
  name: string;
  type: string;
  output: string;
  params: number;
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
  const head: Row = { name: 'Layer', type: 'Type', output: 'Output shape', params: 0 };
  const cells = [head, ...rows].map((r, i) => [r.name, r.type, r.output, i === 0 ? 'Params' : r.params.toLocaleString('en-US')]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [line(cells[0]), rule, ...cells.slice(1).map(line), rule].join('\n');
}

/**
 * Builds the summary table of `model` for an input of `inputShape` (or one
 * shape per forward argument).
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
        if (isLeaf || directParams(m) > 0) rows.push({ name: names.get(m) ?? name, type: m.constructor.name, output: shapesOf(out), params: directParams(m) });
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
  return [
    `${model.constructor.name} (input ${shapes.map(fmtShape).join(', ')} -> output ${output})`,
    table(rows),
    `Total params: ${total.toLocaleString('en-US')}`,
    `Trainable params: ${trainable.toLocaleString('en-US')}`,
    `Non-trainable params: ${(total - trainable).toLocaleString('en-US')}`,
  ].join('\n');
}
