/**
 * @dendrite/data: datasets, the DataLoader, dataset file parsers (MNIST IDX,
 * CIFAR binary, .npy, CSV, image folders), augmentation transforms and
 * color-space conversions.
 *
 * @example
 * ```ts
 * import { DataLoader, mnist } from '@dendrite/data';
 * const { train } = await mnist();
 * for await (const { x, y } of new DataLoader(train, { batchSize: 256, shuffle: true, seed: 0 })) { ... }
 * ```
 * @packageDocumentation
 */


export { rgbToGrayscale } from './color/grayscale.js';
export { hsvToRgb, rgbToHsv } from './color/hsv.js';
export { labToRgb, rgbToLab } from './color/lab.js';
export { CIFAR10_CLASSES, type CifarDatasets, cifar10, cifar100 } from './datasets/cifar.js';
export { checkIndex, type Dataset, type IterableDataset, isDataset } from './datasets/dataset.js';
export { concatDatasets, filterDataset, filterIterable, mapDataset, mapIterable, subset } from './datasets/dataset-ops.js';
export { type DistortedMnistOptions, distortedMnist } from './datasets/distorted-mnist.js';
export { ImageArrayDataset, type ImageArrayOptions, type ImageBatch, type ImageSample } from './datasets/image-array-dataset.js';
export { type ImageFolderDataset, type ImageFolderOptions, imageFolder } from './datasets/image-folder.js';
export { FASHION_MNIST_CLASSES, fashionMnist, type MnistDatasets, type MnistOptions, mnist } from './datasets/mnist.js';
export { MnistSegmentationDataset, type MnistSegmentationOptions, mnistSegmentation, type SegmentationBatch, type SegmentationSample } from './datasets/mnist-segmentation.js';
export { randomSplit } from './datasets/random-split.js';
export { TensorDataset } from './datasets/tensor-dataset.js';
export { type CifarArrays, parseCifar10, parseCifar100 } from './formats/cifar.js';
export { type CsvOptions, type CsvTable, type LabeledTable, parseCsv, toLabeledTable } from './formats/csv.js';
export { isGzip, maybeGunzip } from './formats/gzip.js';
export { type IdxArray, parseIdx } from './formats/idx.js';
export { type DecodedImage, decodeImage } from './formats/image-decode.js';
export { type MnistArrays, parseMnistImages, parseMnistLabels, parseMnistPair } from './formats/mnist-files.js';
export { DEBIAN_FASHION_MNIST_DIR, loadFashionMnistArrays, loadMnistArrays, loadMnistDirectory, type MnistSplits, mnistDataDir } from './formats/mnist-load.js';
export { type NpyArray, parseNpy } from './formats/npy.js';
export { readBytes } from './formats/read-file.js';
export { resizeImage } from './formats/resize.js';
export { drawText, textWidth } from './images/font.js';
export { blankImage, type RgbImage, setPixel } from './images/grid-image.js';
export { type MakeGridOptions, makeGrid } from './images/make-grid.js';
export { PALETTE, type PlotFrame, type PlotOptions, plotFrame } from './images/plot-frame.js';
export { type LineSeries, plotLines } from './images/plot-lines.js';
export { plotScatter } from './images/plot-scatter.js';
export { encodePng, saveImage, savePng } from './images/save-png.js';
export { defaultCollate } from './loader/collate.js';
export { DataLoader, type DataLoaderOptions } from './loader/data-loader.js';
export { type HostArray, isHostArray } from './loader/host-array.js';
export { WorkerPool, type WorkerSpec } from './loader/worker-pool.js';
export { type AffineParams, affine, affineTheta, RandomAffine, type RandomAffineOptions, RandomRotation, type SamplingOptions, warpAffine } from './transforms/affine.js';
export { ColorJitter, type ColorJitterOptions } from './transforms/color-jitter.js';
export { Compose, RandomApply, RandomChoice } from './transforms/compose.js';
export { CenterCrop, cropAt, cropEach, RandomCrop, type RandomCropOptions, type Size2, toSize2 } from './transforms/crop.js';
export { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/flip.js';
export { GaussianBlur, gaussianKernel1d } from './transforms/gaussian-blur.js';
export { Grayscale, RandomGrayscale } from './transforms/grayscale.js';
export { FiveCrop, TenCrop } from './transforms/multi-crop.js';
export { Normalize } from './transforms/normalize.js';
export { AlexNetPatches } from './transforms/patches.js';
export { checkProbability, checkRange, coinFlips, sampleMask, uniformIn } from './transforms/random-draws.js';
export { RandomErasing, type RandomErasingOptions } from './transforms/random-erasing.js';
export { RandomResizedCrop, type RandomResizedCropOptions, RandomScaleJitter } from './transforms/resized-crop.js';
export { Lambda, Transform } from './transforms/transform.js';
