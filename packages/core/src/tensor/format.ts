import type { DataArray, DType } from '../dtype.js';

const EDGE = 3;
const THRESHOLD = 1000;

/**
 * Formats tensor values like PyTorch's `repr`: a shared number format for all
 * elements (fixed with 4 decimals, or scientific when magnitudes are extreme),
 * nested brackets, and `...` eliding the middle of long dimensions when the
 * tensor has more than 1000 elements.
 *
 * @example
 * ```ts
 * formatTensor(new Float32Array([1, 2.5]), [2], 'float32', false); // 'tensor([1.0000, 2.5000])'
 * ```
 */
export function formatTensor(data: DataArray, shape: readonly number[], dtype: DType, grad: string | boolean): string {
  const summarize = data.length > THRESHOLD;
  const fmt = numberFormat(data, dtype);
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const indent = 'tensor('.length;
  // Like PyTorch, the ellipsis is padded to the element width.
  const ellipsis = data.length ? '...'.padStart(fmt(data[0]).length) : '...';
  const render = (dim: number, offset: number): string => {
    if (dim === shape.length) return fmt(data[offset]);
    const n = shape[dim];
    const idx: (number | null)[] = [];
    if (summarize && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else {
      for (let i = 0; i < n; i++) idx.push(i);
    }
    const parts = idx.map((i) => (i === null ? ellipsis : render(dim + 1, offset + i * strides[dim])));
    if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + dim + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  let body = render(0, 0);
  if (data.length === 0) body = '[]';
  const extras: string[] = [];
  if (data.length === 0 && shape.length > 1) extras.push(`size=(${shape.join(', ')})`);
  if (dtype === 'int32' || dtype === 'float16') extras.push(`dtype=${dtype}`);
  if (grad === true) extras.push('requiresGrad=true');
  else if (typeof grad === 'string') extras.push(`gradFn=<${grad}>`);
  return `tensor(${body}${extras.length ? `, ${extras.join(', ')}` : ''})`;
}

function numberFormat(data: DataArray, dtype: DType): (v: number) => string {
  if (dtype === 'bool') {
    const w = Array.prototype.some.call(data, (v: number) => !v) ? 5 : 4;
    return (v) => (v ? 'True' : 'False').padStart(w);
  }
  if (dtype === 'int32') {
    let w = 1;
    for (let i = 0; i < data.length; i++) w = Math.max(w, String(data[i]).length);
    return (v) => String(v).padStart(w);
  }
  let maxAbs = 0;
  let minAbs = Infinity;
  let allInt = true;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (!Number.isFinite(a)) continue;
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
    if (!Number.isInteger(data[i])) allInt = false;
  }
  const sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || (minAbs !== Infinity && maxAbs / minAbs > 1000 && !allInt);
  let render: (v: number) => string;
  if (sci) render = (v) => v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  else if (allInt) render = (v) => `${v.toFixed(0)}.`;
  else render = (v) => v.toFixed(4);
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  let w = 1;
  for (let i = 0; i < data.length; i++) {
    const s = Number.isFinite(data[i]) ? render(data[i]) : special(data[i]);
    w = Math.max(w, s.length);
  }
  return (v) => (Number.isFinite(v) ? render(v) : special(v)).padStart(w);
}
