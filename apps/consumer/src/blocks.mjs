// Finds the examples the suite checks. The convention (also used by the docs
// site): a fenced block whose info string is `ts runnable` is a complete
// program with its own imports.
// - In a README.md it is type-checked and run in Node (ESM and CommonJS).
// - In a TSDoc @example (packages/*/src/**/*.ts) it is type-checked.
// Plain ```ts blocks are fragments and are not checked.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { repoRoot } from './workspace.mjs';

const FENCE = /^(\s*(?:\*\s?)?)```ts runnable\s*\n([\s\S]*?)^\s*(?:\*\s?)?```/gm;

function extract(text, stripDocPrefix) {
  const blocks = [];
  for (const m of text.matchAll(FENCE)) {
    let code = m[2];
    if (stripDocPrefix) code = code.replace(/^\s*\* ?/gm, '');
    const line = text.slice(0, m.index).split('\n').length + 1;
    blocks.push({ code, line });
  }
  return blocks;
}

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const slug = (s) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** README blocks: { id, source, code } for the root README and every package's. */
export function readmeBlocks(packages) {
  const files = [join(repoRoot, 'README.md'), ...packages.map((p) => join(p.dir, 'README.md')).filter(existsSync)];
  return files.flatMap((f) =>
    extract(readFileSync(f, 'utf8'), false).map((b, i) => ({
      id: `readme-${slug(relative(repoRoot, f).replace(/README\.md$/, '') || 'root')}-${i + 1}`,
      source: `${relative(repoRoot, f)}:${b.line}`,
      code: b.code,
    })),
  );
}

/** TSDoc blocks marked runnable in the packages' sources. */
export function docBlocks(packages) {
  return packages.flatMap((p) =>
    tsFiles(join(p.dir, 'src')).flatMap((f) =>
      extract(readFileSync(f, 'utf8'), true).map((b, i) => ({
        id: `doc-${slug(basename(p.dir))}-${slug(relative(join(p.dir, 'src'), f).replace(/\.ts$/, ''))}-${i + 1}`,
        source: `${relative(repoRoot, f)}:${b.line}`,
        code: b.code,
      })),
    ),
  );
}
