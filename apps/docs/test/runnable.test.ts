// Every code block marked runnable (```ts runnable) in the guides, the root
// README, docs/ARCHITECTURE.md and the packages' READMEs runs in Node against
// the built packages and must exit 0 (blocks assert their own results by
// throwing), so the docs cannot drift from the code.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types
import { allRunnable, extractRunnable, runBlock, writeTypecheckProject } from '../scripts/runnable.mjs';

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

const blocks: Block[] = allRunnable();

describe('extractRunnable', () => {
  it('takes only fences marked runnable, with their line numbers, and rejects unclosed fences', () => {
    const md = ['# t', '```ts runnable', 'a();', '```', '```ts', 'b();', '```', '  ```js runnable', '  c();', '  ```'].join('\n');
    const found: Block[] = extractRunnable(md, 'x.md');
    expect(found.map((b) => [b.line, b.lang, b.code])).toEqual([
      [2, 'ts', 'a();'],
      [8, 'js', 'c();'],
    ]);
    expect(() => extractRunnable('```ts runnable\nx', 'y.md')).toThrow(/y\.md:1: code fence never closed/);
  });

  it('a failing block fails with its file and line', async () => {
    await expect(runBlock({ file: 'docs/guides/x.md', line: 7, lang: 'ts', code: "const n: number = 1;\nthrow new Error('boom ' + n);" })).rejects.toThrow(
      /docs\/guides\/x\.md:7 failed \(exit 1\)[\s\S]*boom 1/,
    );
  });
});

describe('runnable code blocks', () => {
  it('the guides have runnable blocks', () => {
    // Every guide but distributed.md runs code.
    const guides = new Set(blocks.filter((b) => b.file.startsWith('docs/guides/')).map((b) => b.file));
    expect(guides.size).toBeGreaterThanOrEqual(12);
  });

  it('type-check under strict TypeScript against the packages\' published types', async () => {
    const dir: string = writeTypecheckProject(blocks);
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsc, '-p', dir], { maxBuffer: 16 << 20 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
    });
    expect(output.trim(), 'tsc errors (file names say guide and line)').toBe('');
  });

  for (const block of blocks) {
    it(`${block.file}:${block.line}`, async () => {
      await runBlock(block);
    });
  }
});
