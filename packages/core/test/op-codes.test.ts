// The kernel-language copies of the op table's codes are generated; this
// fails when a committed copy is stale. DENDRITE_WRITE_OP_CODES=1 (what
// `npm run gen:ops` sets) rewrites them instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_CODE_FILES, type OpCodeTarget, renderOpCodes } from '../src/ops/table/codegen.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));
const write = process.env.DENDRITE_WRITE_OP_CODES === '1';

describe('generated op codes', () => {
  for (const target of Object.keys(OP_CODE_FILES) as OpCodeTarget[]) {
    const path = packages + OP_CODE_FILES[target];
    it(`${OP_CODE_FILES[target]} matches the op table (run \`npm run gen:ops\` after editing the table)`, () => {
      const want = renderOpCodes(target);
      if (write) writeFileSync(path, want);
      expect(readFileSync(path, 'utf8')).toBe(want);
    });
  }
});
