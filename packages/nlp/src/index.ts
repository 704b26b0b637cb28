/**
 * @dendrite/nlp: text to tensors (tokenizers, vocabulary, padding, one-hot,
 * bag-of-words, TF-IDF, BPE), word2vec training, word-vector I/O and
 * queries, analogy and similarity evaluation, sentiment classifiers and
 * embedding plots. Runs in Node and browsers; file and dataset helpers are in
 * `@dendrite/nlp/node`.
 *
 * @example
 * ```ts
 * import { WordTokenizer, trainWord2Vec } from '@dendrite/nlp';
 * const tok = new WordTokenizer();
 * const { vectors } = await trainWord2Vec(texts.map((t) => tok.tokenize(t)), { dim: 50, minCount: 2 });
 * vectors.mostSimilar('good', { topn: 5 });
 * ```
 * @packageDocumentation
 */
export { WordTokenizer, CharTokenizer, type WordTokenizerOptions } from './text/word-tokenizer.js';
export { Vocabulary, UnknownTokenError, SPECIAL_TOKENS, type VocabularyOptions, type EncodeOptions } from './text/vocabulary.js';
export { BPE, END_OF_WORD } from './text/bpe.js';
export { padSequences, type PadOptions, type PaddedBatch } from './encode/pad.js';
export { oneHotEncode, bagOfWords, TfIdf } from './encode/bag-of-words.js';
export { trainWord2Vec, type Word2VecOptions, type Word2VecProgress, type Word2VecResult } from './word2vec/word2vec.js';
export { negativeSamplingLoss, negativeSamplingTerms } from './word2vec/loss.js';
export { UnigramTable, keepProbabilities } from './word2vec/sampling.js';
export { HostRng } from './word2vec/rng.js';
export { wasmEngineAvailable } from './word2vec/wasm-engine.js';
export { KeyedVectors, type MostSimilarOptions } from './vectors/keyed-vectors.js';
export { SimilarityIndex } from './vectors/similarity-index.js';
export { readVectors, encodeVectors, type VectorFormat, type ReadVectorsOptions } from './vectors/formats.js';
export { type ByteSource, chunksOf, linesOf } from './vectors/byte-source.js';
export { embeddingFromVectors, type EmbeddingFromVectorsOptions } from './vectors/embedding-from-vectors.js';
export { parseAnalogies, evaluateAnalogies, parseSimilarityPairs, evaluateWordSimilarity, type AnalogyQuestion, type AnalogyResult, type SimilarityPair } from './eval/evaluate.js';
export { spearman, ranks } from './eval/spearman.js';
export { fixedSplit, type LabeledText } from './sentiment/dataset.js';
export { LexiconClassifier } from './sentiment/afinn.js';
export { BagOfEmbeddingsClassifier, LstmClassifier } from './sentiment/models.js';
export { SentimentClassifier, trainSentiment, type SentimentKind, type TrainSentimentOptions } from './sentiment/classifier.js';
export { parseBrown } from './corpus/brown.js';
export { readWinkVectors } from './vectors/wink.js';
export { pca2, tsne2, type TsneOptions } from './plot/projection.js';
export { scatterPlotPng, type ScatterOptions } from './plot/scatter.js';
export { encodePng } from './plot/png.js';
