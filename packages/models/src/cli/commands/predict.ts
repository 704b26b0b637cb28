// dendrite predict <checkpoint|run-dir|model> image...: the top classes per
// image, with the preprocessing the model was trained with (MNIST
// normalization for the digit models, torchvision's ImageNet transform for
// the ImageNet models), optionally averaged over ten crops.
import { DendriteError, loadSafetensorsMetadata, mean, noGrad, softmax, tidy } from '@dendrite/core';
import { type DecodedImage, decodeImage, readBytes } from '@dendrite/data';
import { loadCheckpoint, loadModule, type Module, type TensorModule } from '@dendrite/layers';
import { loadPretrained } from '../../zoo/pretrained.js';
import { preprocessImage, type Preprocessing } from '../../zoo/preprocessing.js';
import { ZOO } from '../../zoo/registry.js';
import { checkKnownFlags, choiceFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { datasetPreprocessing } from '../datasets.js';
import { loadTrainedModel } from '../load-model.js';
import { predictSentimentCommand } from './sentiment.js';

interface Predictor {
  model: Module & TensorModule;
  preprocessing: Preprocessing;
  classes: readonly string[] | undefined;
}

export async function predictCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  if (args.positionals[0] === 'sentiment') return predictSentimentCommand(args, log);
  checkKnownFlags(args.flags, ['backend', 'invert', 'weights', 'tta', 'top'], 'predict');
  const [path, ...images] = args.positionals;
  if (!path || images.length === 0) throw new UsageError("usage: 'dendrite predict <checkpoint|run-dir|model> image.png [more images...] [--weights w.safetensors] [--tta ten-crop]'");
  const tta = choiceFlag(args.flags, 'tta', ['none', 'ten-crop'] as const, 'none');
  await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'));
  const { model, preprocessing, classes } = Object.hasOwn(ZOO, path) ? await zooPredictor(path, args.flags.weights) : await runPredictor(path, args.flags.weights);
  if (tta === 'ten-crop' && preprocessing.resize === undefined) throw new UsageError(`--tta ten-crop needs a model whose input is cropped from a larger image (ImageNet models); '${path}' takes ${preprocessing.size}x${preprocessing.size} images whole`);
  const top = Math.min(classes && classes.length > 10 ? 5 : 3, classes?.length ?? 3);
  for (const file of images) {
    let decoded: DecodedImage;
    try {
      decoded = decodeImage(await readBytes(file), file, preprocessing.channels);
    } catch (err) {
      throw new UsageError(`cannot read image ${file}: ${(err as Error).message}`);
    }
    // MNIST digits are white on black; --invert turns dark ink on white paper into that.
    if (args.flags.invert === true) decoded = { ...decoded, data: decoded.data.map((v) => 255 - v) };
    const probs = noGrad(() =>
      tidy(() => {
        const x = preprocessImage(decoded, preprocessing, tta);
        // Ten crops: the softmax outputs are averaged, as in the AlexNet and GoogLeNet papers.
        return mean(softmax(model.forward(x), -1), 0).dataSync().slice();
      }),
    );
    const best = Array.from(probs, (p, i) => [i, p] as const).sort((a, b) => b[1] - a[1]).slice(0, top);
    log(`${file}: ${best.map(([c, p]) => `${classes?.[c] ?? c} (${(p * 100).toFixed(1)}%)`).join(', ')}`);
  }
  return 0;
}

/** A zoo model by name: with --weights (e.g. a torchvision state dict), or its shipped pretrained weights. */
async function zooPredictor(name: string, weights: string | boolean | undefined): Promise<Predictor> {
  const entry = ZOO[name];
  if (!entry.preprocessing) throw new UsageError(`'${name}' does not classify images`);
  const model = entry.create() as Module & TensorModule;
  if (typeof weights === 'string') {
    try {
      const metadata = await loadSafetensorsMetadata(weights);
      if ('dendrite.checkpoint' in metadata) await loadCheckpoint(weights, { model });
      else await loadModule(model, weights);
    } catch (err) {
      if (err instanceof DendriteError) throw new UsageError(`${weights} does not fit model '${name}': ${err.message.split('\n')[0]}`);
      throw err;
    }
  } else if (entry.pretrained) {
    await loadPretrained(model, entry.pretrained);
  } else {
    throw new UsageError(`'${name}' ships no weights here: pass --weights w.safetensors (a torchvision state_dict saved as safetensors loads as is)`);
  }
  model.eval();
  return { model, preprocessing: entry.preprocessing, classes: entry.classes ?? (entry.pretrained ? datasetPreprocessing('mnist').classes : undefined) };
}

/** A model trained by `dendrite train`: the preprocessing of the dataset it was trained on. */
async function runPredictor(path: string, weights: string | boolean | undefined): Promise<Predictor> {
  if (weights !== undefined) throw new UsageError(`--weights goes with a zoo model name ('dendrite predict resnet18 cat.jpg --weights w.safetensors'), not with a checkpoint`);
  const { model, info } = await loadTrainedModel(path);
  return { model, ...datasetPreprocessing(info.dataset) };
}
