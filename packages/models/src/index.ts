/**
 * @dendrite/models: the model zoo (perceptron, logistic regression, MLP,
 * LeNet-5, AlexNet, ZFNet, VGG, GoogLeNet, ResNet), pretrained weights, transfer-learning helpers and the `dendrite` CLI.
 *
 * @example
 * ```ts runnable
 * import { lenet5 } from '@dendrite/models';
 * const net = await lenet5({ pretrained: true });
 * ```
 * @packageDocumentation
 */
export { LeNet5, type LeNet5Config } from './zoo/lenet.js';
export { MLP, type MLPConfig, type Activation } from './zoo/mlp.js';
export { LogisticRegression, type LogisticRegressionConfig } from './zoo/logistic.js';
export { Perceptron, type PerceptronConfig, type PerceptronHistory } from './zoo/perceptron.js';
export { lenet5, mlp, logisticRegression, perceptron } from './zoo/factories.js';
export * from './zoo/cnn/index.js';
export {
  alexnet,
  alexnetLrn,
  zfnet,
  vgg11,
  vgg11_bn,
  vgg13,
  vgg13_bn,
  vgg16,
  vgg16_bn,
  vgg19,
  vgg19_bn,
  googlenet,
  resnet18,
  resnet34,
  resnet50,
  resnet101,
  resnet152,
  resnet20,
  resnet32,
  resnet44,
  resnet56,
} from './zoo/cnn-factories.js';
export { loadPretrained, pretrainedPath, PRETRAINED, type PretrainedName, type PretrainedOptions } from './zoo/pretrained.js';
export { ZOO, zooEntry, type ZooEntry } from './zoo/registry.js';
export { IMAGENET_CLASSES } from './zoo/imagenet-classes.js';
export { preprocessImage, IMAGENET_PREPROCESSING, MNIST_PREPROCESSING, type Preprocessing } from './zoo/preprocessing.js';
export { replaceHead, freezeBackbone, type HasHead } from './transfer.js';
export { Autoencoder, type AutoencoderConfig } from './generative/autoencoder.js';
export { ConvAutoencoder, type ConvAutoencoderConfig } from './generative/conv-autoencoder.js';
export { VAE, ConvVAE, VariationalAutoencoder, type VAEConfig, type ConvVAEConfig, type ElboTerms } from './generative/vae.js';
export { DCGAN, DCGANGenerator, DCGANDiscriminator, type DCGANConfig } from './generative/dcgan.js';
export { GANTrainer, type GANModels, type GANStepLogs, type GANTrainerOptions } from './generative/gan-trainer.js';
export { UNet, type SegmentationConfig } from './segmentation/unet.js';
export { SegNet } from './segmentation/segnet.js';
export { IoUMeter } from './segmentation/iou.js';
export { STN, type STNConfig } from './stn/stn.js';
export { CharLSTM, type CharLSTMConfig } from './recurrent/char-lstm.js';
export { LSTMClassifier, type LSTMClassifierConfig } from './recurrent/lstm-classifier.js';
export { CharVocab } from './recurrent/char-vocab.js';
export { brownCorpus, untagBrown } from './recurrent/brown-corpus.js';
export { TBPTT, textBatches, textBatchCount, bitsPerChar, sampleText, type TextBatch } from './recurrent/lm-training.js';
export { trainEpochs, type EpochLoopOptions } from './training/epoch-loop.js';
export { optimizerSet } from './training/optimizer-set.js';
export { ZOO_PART3 } from './zoo/registry-part3.js';
