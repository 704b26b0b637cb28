// word2vec training (Mikolov et al. 2013): skip-gram or CBOW with negative
// sampling, subsampling of frequent words, a dynamic window and a linearly
// decaying learning rate, as word2vec.c and gensim. Two engines run the same
// examples: 'tensor' (core ops on the active backend, any backend) and
// 'host' (plain loops over Float32Arrays, the fast path on CPUs).
import { type Tensor, tensor, ValueError } from '@dendrite/core';
import { Vocabulary } from '../text/vocabulary.js';
import { KeyedVectors } from '../vectors/keyed-vectors.js';
import { ExampleBatch, ExampleStream } from './examples.js';
import { HostRng } from './rng.js';
import { hostStep } from './step-host.js';
import { tensorStep } from './step-tensor.js';
import { WasmEngine, wasmEngineAvailable } from './wasm-engine.js';

/** Options of `trainWord2Vec` (gensim's names and defaults where they exist). */
export interface Word2VecOptions {
  /** 'skipgram' (default, gensim sg=1) or 'cbow'. */
  mode?: 'skipgram' | 'cbow';
  /** Vector size (default 100). */
  dim?: number;
  /** Maximum window on each side (default 5); each position draws its own size in [1, window]. */
  window?: number;
  /** Negative samples per positive (default 5), drawn from unigram^0.75. */
  negative?: number;
  /** Ignore words seen fewer times (default 5). */
  minCount?: number;
  /** Subsampling threshold (default 1e-3; 0 turns it off). */
  sample?: number;
  /** Initial learning rate (default 0.025 skip-gram, 0.05 CBOW), decaying linearly to `minAlpha` (default 1e-4). */
  alpha?: number;
  /** Final learning rate of the linear decay (default 1e-4). */
  minAlpha?: number;
  /** Passes over the corpus (default 5). */
  epochs?: number;
  /** Seed of initialization, sampling and windows (default 1). */
  seed?: number;
  /**
   * 'wasm' (default where WebAssembly SIMD and SharedArrayBuffer exist): the
   * update as a SIMD kernel, on `threads` threads; 'host': the same update in
   * JS loops; 'tensor': core ops on the active backend (any backend).
   */
  engine?: 'wasm' | 'host' | 'tensor';
  /** Threads of the wasm engine (default 1, deterministic; more use Node worker_threads, Hogwild). */
  threads?: number;
  /** Examples per tensor step (engine 'tensor', default 256; 1 gives exactly the host engine's sequential updates). */
  batchSize?: number;
  /** Sum the loss (costs a log per target; default false; the wasm engine does not compute it, so this picks 'host' by default). */
  computeLoss?: boolean;
  /** Called about every `progressEvery` raw words (default 100k) and at each epoch end. */
  onProgress?: (p: Word2VecProgress) => void;
  /** Raw words between progress reports (default 100k). */
  progressEvery?: number;
}

/** A progress report. */
export interface Word2VecProgress {
  /** Current epoch (1-based). */
  epoch: number;
  /** Total epochs. */
  epochs: number;
  /** Raw corpus words processed (all epochs). */
  words: number;
  /** Raw corpus words over all epochs. */
  totalWords: number;
  /** Throughput since training began. */
  wordsPerSecond: number;
  /** The current learning rate. */
  alpha: number;
  /** Mean loss per example since the last report (NaN unless `computeLoss`). */
  loss: number;
}

/** What `trainWord2Vec` returns. */
export interface Word2VecResult {
  /** The trained input vectors, one per vocabulary word. */
  vectors: KeyedVectors;
  /** The output (context) vectors, rows aligned with `vectors`. */
  contextVectors: Float32Array;
  /** The vocabulary (words kept by `minCount`, most frequent first). */
  vocabulary: Vocabulary;
  /** The engine that ran, and its threads. */
  engine: 'wasm' | 'host' | 'tensor';
  /** Threads it ran on. */
  threads: number;
  /** Raw corpus words processed (all epochs). */
  words: number;
  /** Wall-clock training time. */
  seconds: number;
  /** Raw words per second. */
  wordsPerSecond: number;
  /** Mean loss per example of each epoch (NaN unless `computeLoss`). */
  epochLoss: number[];
}

/**
 * Trains word vectors on tokenized sentences.
 *
 * @example
 * ```ts
 * const { vectors } = await trainWord2Vec(sentences, { dim: 50, epochs: 5, minCount: 2 });
 * vectors.mostSimilar('king', { topn: 5 });
 * ```
 */
export async function trainWord2Vec(sentences: Iterable<readonly string[]>, options: Word2VecOptions = {}): Promise<Word2VecResult> {
  const mode = options.mode ?? 'skipgram';
  if (mode !== 'skipgram' && mode !== 'cbow') throw new ValueError(`trainWord2Vec: 'mode' must be 'skipgram' or 'cbow', got ${JSON.stringify(mode)}`);
  const dim = positiveInt('dim', options.dim ?? 100);
  const window = positiveInt('window', options.window ?? 5);
  const negative = positiveInt('negative', options.negative ?? 5);
  const epochs = positiveInt('epochs', options.epochs ?? 5);
  const batchSize = positiveInt('batchSize', options.batchSize ?? 256);
  const alpha = options.alpha ?? (mode === 'skipgram' ? 0.025 : 0.05);
  const minAlpha = options.minAlpha ?? 1e-4;
  const sample = options.sample ?? 1e-3;
  if (!(alpha > 0) || !(minAlpha >= 0) || minAlpha > alpha) throw new ValueError(`trainWord2Vec: need 0 <= minAlpha <= alpha and alpha > 0, got alpha=${alpha}, minAlpha=${minAlpha}`);
  if (!(sample >= 0)) throw new ValueError(`trainWord2Vec: 'sample' must be >= 0, got ${sample}`);
  const withLoss = options.computeLoss ?? false;
  const engine = options.engine ?? (!withLoss && wasmEngineAvailable() ? 'wasm' : 'host');
  if (engine !== 'host' && engine !== 'tensor' && engine !== 'wasm') throw new ValueError(`trainWord2Vec: 'engine' must be 'wasm', 'host' or 'tensor', got ${JSON.stringify(engine)}`);
  if (engine === 'wasm' && withLoss) throw new ValueError("trainWord2Vec: 'computeLoss' needs engine 'host' or 'tensor' (the wasm kernel does not sum the loss)");
  const threads = positiveInt('threads', options.threads ?? 1);

  const corpus = Array.isArray(sentences) ? (sentences as readonly string[][]) : [...sentences];
  const vocab = Vocabulary.build(corpus, { minCount: options.minCount ?? 5, specials: [] });
  const ids = corpus.map((s) => Int32Array.from(vocab.encode(s, { unknown: 'skip' }))).filter((s) => s.length > 0);
  const V = vocab.size;
  const rng = new HostRng(options.seed ?? 1);
  // gensim's init: input rows uniform in [-0.5, 0.5)/dim, output rows zero.
  let wInHost: Float32Array = new Float32Array(V * dim);
  for (let i = 0; i < wInHost.length; i++) wInHost[i] = (rng.uniform() - 0.5) / dim;
  let wOutHost: Float32Array = new Float32Array(V * dim);
  const stream = new ExampleStream(ids, vocab.counts, { mode, window, negative, sample, alpha, minAlpha, epochs }, rng);
  const batch = new ExampleBatch(stream.width, negative);
  const T = negative + 1;
  const scratch = new Float32Array(2 * dim + T);
  let wIn: Tensor | null = engine === 'tensor' ? tensor(wInHost, [V, dim]) : null;
  let wOut: Tensor | null = engine === 'tensor' ? tensor(wOutHost, [V, dim]) : null;
  const every = options.progressEvery ?? 100_000;
  const epochLoss: number[] = [];
  let epochSum = 0;
  let epochExamples = 0;
  let reportSum = 0;
  let reportExamples = 0;
  let nextReport = every;
  // A batch ends at a sentence end, so it holds at most `atLeast` + one sentence's examples.
  const atLeast = engine === 'tensor' ? batchSize : 8192;
  let longest = 0;
  for (const sent of ids) longest = Math.max(longest, sent.length);
  const wasm = engine === 'wasm' ? await WasmEngine.create(V, dim, stream.width, T, atLeast + longest * (mode === 'skipgram' ? 2 * window : 1), threads) : null;
  wasm?.setTables(wInHost, wOutHost);
  const started = performance.now();
  const report = (epoch: number) => {
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ epoch, epochs, words: stream.wordsDone, totalWords: stream.totalWords * epochs, wordsPerSecond: stream.wordsDone / Math.max(seconds, 1e-9), alpha: stream.currentAlpha(), loss: withLoss ? reportSum / Math.max(1, reportExamples) : Number.NaN });
    reportSum = 0;
    reportExamples = 0;
  };
  try {
    for (;;) {
      const epoch = stream.epoch;
      if (!stream.fill(batch, atLeast)) break;
      let loss = 0;
      if (wasm) {
        await wasm.run(batch);
      } else if (engine === 'host') {
        loss = hostStep(wInHost, wOutHost, dim, batch.inputs, batch.width, batch.targets, T, batch.lr, 0, batch.count, withLoss, scratch);
      } else {
        for (let from = 0; from < batch.count; from += batchSize) {
          const to = Math.min(batch.count, from + batchSize);
          let lossT: Tensor | null;
          [wIn, wOut, lossT] = tensorStep(wIn!, wOut!, batch, from, to, withLoss);
          if (lossT) {
            loss += (await lossT.data())[0];
            lossT.dispose();
          }
        }
      }
      epochSum += loss;
      epochExamples += batch.count;
      reportSum += loss;
      reportExamples += batch.count;
      if (stream.epoch !== epoch) {
        epochLoss.push(withLoss ? epochSum / Math.max(1, epochExamples) : Number.NaN);
        epochSum = 0;
        epochExamples = 0;
        report(epoch + 1);
        nextReport = stream.wordsDone + every;
        // Let timers and I/O run between epochs (progress output, cancellation).
        await new Promise((r) => setTimeout(r, 0));
      } else if (stream.wordsDone >= nextReport) {
        report(epoch + 1);
        nextReport = stream.wordsDone + every;
      }
    }
    if (engine === 'tensor') {
      wInHost = (await wIn!.data()) as Float32Array;
      wOutHost = (await wOut!.data()) as Float32Array;
    }
    if (wasm) {
      await wasm.flush();
      [wInHost, wOutHost] = wasm.readTables();
    }
  } finally {
    wIn?.dispose();
    wOut?.dispose();
    await wasm?.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    vectors: new KeyedVectors(vocab.tokens, wInHost, dim),
    contextVectors: wOutHost,
    vocabulary: vocab,
    engine,
    threads: engine === 'wasm' ? (wasm?.threads ?? 1) : 1,
    words: stream.wordsDone,
    seconds,
    wordsPerSecond: stream.wordsDone / Math.max(seconds, 1e-9),
    epochLoss,
  };
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`trainWord2Vec: '${name}' must be a positive integer, got ${v}`);
  return v;
}
