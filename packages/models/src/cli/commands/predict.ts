// dendrite predict <checkpoint> image.png...: top-3 classes per image.
import { type DecodedImage, decodeImage, readBytes, resizeImage } from '@dendrite/data';
import { noGrad, softmax, tensor, tidy } from '@dendrite/core';
import { checkKnownFlags, choiceFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { loadTrainedModel } from '../load-model.js';

const MNIST_MEAN = 0.1307;
const MNIST_STD = 0.3081;

export async function predictCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['backend', 'invert'], 'predict');
  const [path, ...images] = args.positionals;
  if (!path || images.length === 0) throw new UsageError("usage: 'dendrite predict <checkpoint|run-dir> image.png [more images...]'");
  await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'));
  const { model } = await loadTrainedModel(path);
  // Every zoo classifier takes 28x28 digits (the classic LeNet pads them to 32x32 itself).
  const size = 28;
  for (const file of images) {
    let decoded: ReturnType<typeof decodeImage>;
    try {
      decoded = decodeImage(await readBytes(file), file, 1);
    } catch (err) {
      throw new UsageError(`cannot read image ${file}: ${(err as Error).message}`);
    }
    const gray = toGray(resizeImage(decoded, size, size), args.flags.invert === true);
    const probs = noGrad(() => tidy(() => softmax(model.forward(tensor(gray, [1, 1, size, size])), -1).dataSync().slice()));
    const top = Array.from(probs, (p, i) => [i, p] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    log(`${file}: ${top.map(([c, p]) => `${c} (${(p * 100).toFixed(1)}%)`).join(', ')}`);
  }
  return 0;
}

/** Grayscale in [0, 1], normalized as in training; MNIST digits are white on black (use --invert for dark ink on white). */
function toGray(img: DecodedImage, invert: boolean): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    const c = Math.min(img.channels, 3);
    for (let k = 0; k < c; k++) v += img.data[i * img.channels + k];
    v /= 255 * c;
    if (invert) v = 1 - v;
    out[i] = (v - MNIST_MEAN) / MNIST_STD;
  }
  return out;
}
