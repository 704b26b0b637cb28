import { FormatError, ValueError } from '@dendrite/core';

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** Field separator (default ','). */
  delimiter?: string;
  /** Whether the first row names the columns (default true). */
  header?: boolean;
}

/** A CSV table as strings. */
export interface CsvTable {
  /** Header names. */
  columns: string[];
  /** Data rows, as strings. */
  rows: string[][];
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF line
 * ends; blank lines skipped). Every row must have as many fields as the
 * first, or `FormatError` names the file, the line and both counts.
 *
 * @example
 * ```ts
 * const { columns, rows } = parseCsv('a,b\n1,2\n', {}, 'tiny.csv'); // columns ['a','b'], rows [['1','2']]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}, fileName = '<text>'): CsvTable {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"') throw new ValueError(`parseCsv: delimiter must be one character other than '"', got ${JSON.stringify(delimiter)}`);
  const records: { fields: string[]; line: number }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || fieldStarted) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"') { quoted = true; fieldStarted = true; }
    else if (c === delimiter) { fields.push(field); field = ''; fieldStarted = true; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      recordLine = ++line;
    } else field += c;
  }
  if (quoted) throw new FormatError(`${fileName}: line ${recordLine}: unterminated quoted field`);
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  if (records.length === 0) throw new FormatError(`${fileName}: the CSV text has no rows`);
  const width = records[0].fields.length;
  for (const r of records) {
    if (r.fields.length !== width) throw new FormatError(`${fileName}: line ${r.line} has ${r.fields.length} fields, expected ${width} like the first row`);
  }
  const hasHeader = options.header ?? true;
  const columns = hasHeader ? records[0].fields.map((s) => s.trim()) : records[0].fields.map((_, i) => `column${i}`);
  return { columns, rows: records.slice(hasHeader ? 1 : 0).map((r) => r.fields) };
}

/** Decimal numbers only: digits, an optional point, an optional exponent (no hex, no 'Infinity'). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One feature value. Decided (issue 12): only decimal notation is a number
 * (`0x1A`, `Infinity`, `NaN` and empty cells are refused, as pandas would not
 * read them as floats either), and a value float32 cannot hold (`1e39`
 * overflows to Infinity) is refused rather than silently becoming Infinity.
 */
function parseFeature(cell: string, fileName: string, r: number, column: string): number {
  const text = cell.trim();
  const where = `${fileName}: data row ${r + 1}, column '${column}'`;
  if (!DECIMAL.test(text)) throw new FormatError(`${where}: expected a decimal number, found ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)}`);
  const v = Number(text);
  if (!Number.isFinite(Math.fround(v))) throw new FormatError(`${where}: ${text} is outside the float32 range (±3.4e38)`);
  return v;
}

/** Numeric features and integer class labels from a CSV table. */
export interface LabeledTable {
  /** Row-major [rows, featureColumns.length]. */
  features: Float32Array;
  /** Each row's class index into `classes`. */
  labels: Int32Array;
  /** Names of the feature columns, in `features` order. */
  featureColumns: string[];
  /** Class names in label order (sorted, so labels are the same on every run). */
  classes: string[];
}

/**
 * Splits a CSV table into float features and a class-label column (e.g. Iris:
 * four measurements and a species). Non-numeric feature cells throw
 * `FormatError` naming the file, the line and the column.
 *
 * @example
 * ```ts
 * const iris = toLabeledTable(parseCsv(text, {}, 'iris.csv'), 'species', 'iris.csv');
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export function toLabeledTable(table: CsvTable, labelColumn: string, fileName = '<text>'): LabeledTable {
  const labelIndex = table.columns.indexOf(labelColumn);
  if (labelIndex < 0) throw new FormatError(`${fileName}: no column '${labelColumn}' (columns: ${table.columns.join(', ')})`);
  const featureIdx = table.columns.map((_, i) => i).filter((i) => i !== labelIndex);
  const classes = [...new Set(table.rows.map((r) => r[labelIndex].trim()))].sort();
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const features = new Float32Array(table.rows.length * featureIdx.length);
  const labels = new Int32Array(table.rows.length);
  table.rows.forEach((row, r) => {
    if (row[labelIndex].trim() === '') throw new FormatError(`${fileName}: data row ${r + 1}, column '${labelColumn}': the label is empty`);
    featureIdx.forEach((c, j) => {
      features[r * featureIdx.length + j] = parseFeature(row[c], fileName, r, table.columns[c]);
    });
    labels[r] = classOf.get(row[labelIndex].trim()) as number;
  });
  return { features, labels, featureColumns: featureIdx.map((i) => table.columns[i]), classes };
}
