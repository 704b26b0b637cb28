// Renders the op codes of the op table for the kernel languages: the
// AssemblyScript constants of backend-wasm and the C++ enums of backend-cuda.
// `npm run gen:ops` writes the files; core's test/op-codes.test.ts fails when
// a committed file differs from what this renders (a stale table copy).
import { BINARY_OPS, REDUCE_OPS } from './binary.js';
import { UNARY_OPS } from './unary.js';

/** The languages op codes are rendered for. */
export type OpCodeTarget = 'assemblyscript' | 'cpp';

/** Where each target's file lives, relative to the repository's `packages/` folder. */
export const OP_CODE_FILES: Readonly<Record<OpCodeTarget, string>> = {
  assemblyscript: 'backend-wasm/assembly/lib/ops.ts',
  cpp: 'backend-cuda/native/kernels/op-codes.h',
};

const HEADER = 'GENERATED from packages/core/src/ops/table by `npm run gen:ops`; do not edit. An op\'s code is its index in the table.';

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

function assemblyScript(): string {
  const group = (title: string, ops: readonly string[]) =>
    `// ${title}\n${ops.map((op, i) => `export const ${snake(op)}: i32 = ${i};`).join('\n')}\n`;
  return `// ${HEADER}\n\n${group('unary', UNARY_OPS)}\n${group('binary', BINARY_OPS)}\n${group('reduce', REDUCE_OPS)}`;
}

function cpp(): string {
  const group = (name: string, prefix: string, count: string, ops: readonly string[]) =>
    `enum ${name} : int {\n${ops.map((op, i) => `  ${prefix}${pascal(op)} = ${i},`).join('\n')}\n  ${count} = ${ops.length}\n};\n`;
  return `// ${HEADER}\n#pragma once\n\nnamespace dendrite {\n\n${group('UnaryCode', 'u', 'kUnaryCount', UNARY_OPS)}\n${group(
    'BinaryCode',
    'b',
    'kBinaryCount',
    BINARY_OPS,
  )}\n${group('ReduceCode', 'r', 'kReduceCount', REDUCE_OPS)}\n}  // namespace dendrite\n`;
}

/**
 * The source of the op-code file for `target`.
 *
 * @example
 * ```ts
 * renderOpCodes('cpp'); // "... enum UnaryCode : int { uNeg = 0, ..."
 * ```
 */
export function renderOpCodes(target: OpCodeTarget): string {
  return target === 'assemblyscript' ? assemblyScript() : cpp();
}
