// The site builder's own checks: every package is in the API reference, and
// the link checker finds a broken link.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types
import { brokenLinks, entryPoints } from '../scripts/build.mjs';
// @ts-expect-error: a plain ES module without types
import { npmName } from '../scripts/typedoc-npm-names.mjs';

describe('site builder', () => {
  it('documents every package with a src/index.ts, under its npm name', () => {
    const root = new URL('../../../packages/', import.meta.url);
    const pkgs = readdirSync(root).filter((p) => {
      try {
        return readdirSync(new URL(`${p}/src/`, root)).includes('index.ts');
      } catch {
        return false;
      }
    });
    const entries: string[] = entryPoints();
    for (const p of pkgs) expect(entries.some((e) => e.endsWith(`packages/${p}/src/index.ts`))).toBe(true);
    expect(entries.some((e) => e.endsWith('packages/core/src/testing/index.ts'))).toBe(true);
    expect(npmName('core/src')).toBe('@dendrite/core');
    expect(npmName('core/src/testing')).toBe('@dendrite/core/testing');
    expect(() => npmName('core/lib')).toThrow(/cannot map module/);
  });

  it('the link checker reports a missing file and accepts anchors, external links and existing files', () => {
    const site = mkdtempSync(join(tmpdir(), 'dendrite-site-'));
    try {
      mkdirSync(join(site, 'documents'));
      writeFileSync(join(site, 'index.html'), '<a href="documents/a.html#x">a</a> <a href="#top">t</a> <a href="https://example.org/">e</a> <img src="missing.png">');
      writeFileSync(join(site, 'documents/a.html'), '<a href="../index.html">home</a> <a href="b.html">b</a>');
      expect(brokenLinks(site)).toEqual(['documents/a.html: b.html', 'index.html: missing.png']);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});
