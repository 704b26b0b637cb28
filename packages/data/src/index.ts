/**
 * @dendrite/data: datasets, the DataLoader, dataset file parsers (MNIST IDX,
 * CIFAR binary, .npy, CSV, image folders), augmentation transforms and
 * color-space conversions.
 *
 * @example
 * ```ts runnable
 * import { DataLoader, mnist } from '@dendrite/data';
 * const { train } = await mnist();
 * for await (const { x, y } of new DataLoader(train, { batchSize: 256, shuffle: true, seed: 0 })) {
 *   console.log(x.shape, y.shape); // [256, 1, 28, 28] [256]
 *   x.dispose();
 *   y.dispose();
 * }
 * ```
 * @packageDocumentation
 */
export { idxByteLength, parseIdx, type IdxArray } from './formats/idx.js';
export { type GunzipOptions, isGzip, MAX_GUNZIP_BYTES, maybeGunzip } from './formats/gzip.js';
export { readBytes } from './formats/read-file.js';
export { parseMnistImages, parseMnistLabels, parseMnistPair, type MnistArrays } from './formats/mnist-files.js';
export { loadMnistArrays, loadMnistDirectory, loadFashionMnistArrays, mnistDataDir, DEBIAN_FASHION_MNIST_DIR, type MnistSplits } from './formats/mnist-load.js';
export { parseCifar10, parseCifar100, type CifarArrays } from './formats/cifar.js';
export { parseNpy, type NpyArray } from './formats/npy.js';
export { parseCsv, toLabeledTable, type CsvOptions, type CsvTable, type LabeledTable } from './formats/csv.js';
export { decodeImage, type DecodedImage } from './formats/image-decode.js';
export { decodeImageAsync } from './formats/image-decode-async.js';
export { checkJpeg, checkPng, MAX_IMAGE_PIXELS } from './formats/image-checks.js';
export { resizeImage } from './formats/resize.js';

export { type Dataset, type IterableDataset, isDataset, checkIndex } from './datasets/dataset.js';
export { mapDataset, filterDataset, subset, concatDatasets, mapIterable, filterIterable } from './datasets/dataset-ops.js';
export { randomSplit } from './datasets/random-split.js';
export { TensorDataset } from './datasets/tensor-dataset.js';
export { ImageArrayDataset, type ImageArrayOptions, type ImageBatch, type ImageSample } from './datasets/image-array-dataset.js';
export { mnist, fashionMnist, FASHION_MNIST_CLASSES, type MnistDatasets, type MnistOptions } from './datasets/mnist.js';
export { cifar10, cifar100, CIFAR10_CLASSES, type CifarDatasets } from './datasets/cifar.js';
export { imageFolder, type ImageFolderDataset, type ImageFolderOptions } from './datasets/image-folder.js';

export { type HostArray, isHostArray } from './loader/host-array.js';
export { defaultCollate } from './loader/collate.js';
export { DataLoader, type DataLoaderOptions } from './loader/data-loader.js';
export { DistributedSampler, type DistributedSamplerOptions, type Sampler } from './samplers/distributed-sampler.js';
export { WorkerPool, type WorkerSpec } from './loader/worker-pool.js';

export { rgbToGrayscale } from './color/grayscale.js';
export { rgbToHsv, hsvToRgb } from './color/hsv.js';
export { rgbToLab, labToRgb } from './color/lab.js';

export { Transform, Lambda } from './transforms/transform.js';
export { Compose, RandomApply, RandomChoice } from './transforms/compose.js';
export { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/flip.js';
export { RandomCrop, CenterCrop, cropAt, cropEach, toSize2, type RandomCropOptions, type Size2 } from './transforms/crop.js';
export { FiveCrop, TenCrop } from './transforms/multi-crop.js';
export { RandomResizedCrop, RandomScaleJitter, type RandomResizedCropOptions } from './transforms/resized-crop.js';
export { affine, affineTheta, warpAffine, RandomAffine, RandomRotation, type AffineParams, type RandomAffineOptions, type SamplingOptions } from './transforms/affine.js';
export { ColorJitter, type ColorJitterOptions } from './transforms/color-jitter.js';
export { Grayscale, RandomGrayscale } from './transforms/grayscale.js';
export { GaussianBlur, gaussianKernel1d } from './transforms/gaussian-blur.js';
export { RandomErasing, type RandomErasingOptions } from './transforms/random-erasing.js';
export { Normalize } from './transforms/normalize.js';
export { AlexNetPatches } from './transforms/patches.js';
export { checkProbability, checkRange, coinFlips, sampleMask, uniformIn } from './transforms/random-draws.js';
export { type RgbImage, blankImage, setPixel } from './images/grid-image.js';
export { drawText, textWidth } from './images/font.js';
export { makeGrid, type MakeGridOptions } from './images/make-grid.js';
export { encodePng, savePng, saveImage } from './images/save-png.js';
export { plotFrame, PALETTE, type PlotFrame, type PlotOptions } from './images/plot-frame.js';
export { plotLines, type LineSeries } from './images/plot-lines.js';
export { plotScatter } from './images/plot-scatter.js';
export { mnistSegmentation, MnistSegmentationDataset, type MnistSegmentationOptions, type SegmentationBatch, type SegmentationSample } from './datasets/mnist-segmentation.js';
export { distortedMnist, type DistortedMnistOptions } from './datasets/distorted-mnist.js';
