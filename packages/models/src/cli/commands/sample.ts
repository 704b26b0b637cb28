// dendrite sample <run>: new images from a trained generator (vae, conv-vae,
// dcgan) as a PNG grid, or new text from a char-lstm run; `dendrite sample vae`
// (or vae-2d) draws from the weights shipped in the package.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, randn, seed as seedAll, tidy, writeFileAtomic } from '@dendrite/core';
import { saveImage } from '@dendrite/data';
import { loadCheckpoint, type Module } from '@dendrite/layers';
import type { DCGAN } from '../../generative/dcgan.js';
import type { VariationalAutoencoder } from '../../generative/vae.js';
import { CharLSTM } from '../../recurrent/char-lstm.js';
import { CharVocab } from '../../recurrent/char-vocab.js';
import { sampleText } from '../../recurrent/lm-training.js';
import { lenet5 } from '../../zoo/factories.js';
import { loadPretrained } from '../../zoo/pretrained.js';
import { ZOO, zooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { readRunInfo } from '../run-info.js';
import { checkDigits, digitCheckLines } from '../tasks/gan.js';

const FLAGS = ['n', 'out', 'seed', 'backend', 'temperature', 'prime', 'length', 'evaluate'];

export async function sampleCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, FLAGS, 'sample');
  const run = args.positionals[0];
  if (!run) throw new UsageError("usage: 'dendrite sample <run-dir|vae|vae-2d> [--n 64 --out samples.png --seed S]'");
  // A zoo name with shipped weights (vae, vae-2d) samples from them; anything else is a run folder.
  const shipped = !existsSync(run) && Object.hasOwn(ZOO, run) && ZOO[run].pretrained !== undefined ? ZOO[run] : undefined;
  const info: { model: string; config: Record<string, unknown> } = shipped ? { model: run, config: {} } : await readRunInfo(run, false);
  const entry = zooEntry(info.model);
  if (!['vae', 'gan', 'char-lstm'].includes(entry.task ?? '')) throw new UsageError(`'dendrite sample' draws from vae, conv-vae, dcgan and char-lstm runs and from the shipped vae and vae-2d; ${run} holds '${info.model}'`);
  const evaluate = args.flags.evaluate === true;
  if (evaluate && entry.task !== 'gan') throw new UsageError(`--evaluate classifies generated digits with LeNet-5: it needs a dcgan run, ${run} holds '${info.model}'`);
  await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'));
  const seed = numberFlag(args.flags, 'seed', 0, { integer: true, min: 0 });
  const model = (entry.task === 'char-lstm' ? new CharLSTM(info.config as never) : entry.create(info.config)) as Module;
  if (shipped?.pretrained) await loadPretrained(model, shipped.pretrained);
  else {
    try {
      await loadCheckpoint(join(run, 'last.safetensors'), { model });
    } catch (err) {
      throw new UsageError(`cannot load ${join(run, 'last.safetensors')}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  model.eval();
  seedAll(seed);
  if (entry.task === 'char-lstm') {
    const vocab = new CharVocab([...String(info.config.chars ?? '')]);
    const text = await sampleText(model as CharLSTM, vocab, {
      prime: typeof args.flags.prime === 'string' ? args.flags.prime : 'The ',
      length: numberFlag(args.flags, 'length', 400, { integer: true, min: 1 }),
      temperature: numberFlag(args.flags, 'temperature', 0.8, { min: 1e-3 }),
      generator: new Generator(seed),
    });
    if (typeof args.flags.out === 'string') await writeFileAtomic(args.flags.out, `${text}\n`);
    log(text);
    return 0;
  }
  const n = numberFlag(args.flags, 'n', evaluate ? 1000 : 64, { integer: true, min: 1 });
  const out = typeof args.flags.out === 'string' ? args.flags.out : shipped ? `${run}-sample-seed-${seed}.png` : join(run, `sample-seed-${seed}.png`);
  const images = tidy(() => {
    if (entry.task === 'gan') {
      const gan = model as DCGAN;
      return gan.sample(n, randn([n, gan.latent], { generator: new Generator(seed) }));
    }
    const vae = model as VariationalAutoencoder;
    return vae.decode(randn([n, vae.latent], { generator: new Generator(seed) }));
  });
  await saveImage(images, out, { nrow: Math.ceil(Math.sqrt(n)), range: entry.task === 'gan' ? [-1, 1] : [0, 1] });
  log(`wrote ${n} samples from ${info.model} to ${out}`);
  if (evaluate) {
    // The same check as training's per-epoch one (checkDigits), on noise from --seed.
    const check = await checkDigits(await lenet5({ pretrained: true }), images);
    for (const line of digitCheckLines(check, n)) log(line);
  }
  images.dispose();
  return 0;
}
