// Extracts the code blocks marked runnable (a fence opened with ```ts runnable
// or ```js runnable) from the guides and READMEs and runs each in Node against
// the built packages, so the docs cannot drift from the code.
//
//   node scripts/runnable.mjs            runs every block, prints one line each
//   node scripts/runnable.mjs guides/x   runs the blocks of files whose path contains "guides/x"
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRATCH = fileURLToPath(new URL('../.runnable/', import.meta.url));
/** Blocks run with apps/docs as their working directory (guides read fixtures/ from there). */
const DOCS = fileURLToPath(new URL('../', import.meta.url));

/** The Markdown files whose runnable blocks are checked, relative to the root. */
export function markdownFiles() {
  const files = ['README.md', 'docs/ARCHITECTURE.md'];
  for (const f of readdirSync(join(ROOT, 'docs/guides')).sort()) if (f.endsWith('.md')) files.push(`docs/guides/${f}`);
  for (const p of readdirSync(join(ROOT, 'packages')).sort()) {
    try {
      readFileSync(join(ROOT, 'packages', p, 'README.md'));
      files.push(`packages/${p}/README.md`);
    } catch {
      // a package without a README has no blocks
    }
  }
  return files;
}

/**
 * The runnable blocks of one Markdown text: `{ file, line, lang, code }`,
 * `line` being the 1-based line of the opening fence.
 */
export function extractRunnable(text, file) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(ts|typescript|js|javascript)\s+(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, info] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim() === fence);
    if (close < 0) throw new Error(`${file}:${i + 1}: code fence never closed`);
    if (info.split(/\s+/).includes('runnable')) {
      const code = lines.slice(i + 1, close).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
      blocks.push({ file, line: i + 1, lang: lang.startsWith('t') ? 'ts' : 'js', code });
    }
    i = close;
  }
  return blocks;
}

/** Every runnable block of every checked file. */
export function allRunnable() {
  return markdownFiles().flatMap((f) => extractRunnable(readFileSync(join(ROOT, f), 'utf8'), f));
}

/**
 * Compiles a block (types stripped by esbuild) into an ES module under
 * apps/docs/.runnable, so `@dendrite/*` resolve to the workspace packages'
 * builds as they would for a user, and runs it with node. Resolves with its
 * output; rejects with the output and the compiled file when it fails.
 */
export async function runBlock(block, { timeoutMs = 90_000 } = {}) {
  mkdirSync(SCRATCH, { recursive: true });
  const name = `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-L${block.line}.mjs`;
  const path = join(SCRATCH, name);
  const { code } = await transform(block.code, { loader: block.lang, format: 'esm', target: 'node20', sourcefile: `${block.file}:${block.line}` });
  writeFileSync(path, `// ${block.file}:${block.line}\n${code}`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path], { cwd: DOCS, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (err) reject(new Error(`${block.file}:${block.line} failed (${err.killed ? `timed out after ${timeoutMs} ms` : `exit ${err.code}`}); compiled to ${relative(ROOT, path)}\n${output}`));
      else resolve(output);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const filter = process.argv[2] ?? '';
  const blocks = allRunnable().filter((b) => b.file.includes(filter));
  let failed = 0;
  for (const b of blocks) {
    const t0 = performance.now();
    try {
      const out = await runBlock(b);
      if (process.env.SHOW) console.log(out);
      console.log(`ok   ${b.file}:${b.line} (${Math.round(performance.now() - t0)} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${e.message}`);
    }
  }
  console.log(`${blocks.length - failed} of ${blocks.length} runnable blocks passed`);
  if (failed > 0) process.exitCode = 1;
}

/**
 * Writes every block as a TypeScript module under apps/docs/.runnable/typecheck
 * with a strict tsconfig resolving `@dendrite/*` to the packages' published
 * types (dist/*.d.ts), and returns the directory (run `tsc -p` on it).
 */
export function writeTypecheckProject(blocks = allRunnable()) {
  const dir = join(SCRATCH, 'typecheck');
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (const b of blocks) {
    const name = `${b.file.replace(/[^A-Za-z0-9]+/g, '-')}-L${b.line}.${b.lang === 'ts' ? 'ts' : 'js'}`;
    // `export {}` keeps a block without imports a module (top-level await needs one).
    writeFileSync(join(dir, name), `// ${b.file}:${b.line}\n${b.code}\nexport {};\n`);
    files.push(name);
  }
  const tsconfig = {
    compilerOptions: {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2023', 'esnext.disposable', 'dom'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      checkJs: true,
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}
