/**
 * @dendrite/models: the model zoo (perceptron, logistic regression, MLP,
 * LeNet-5), pretrained weights, transfer-learning helpers and the `dendrite` CLI.
 *
 * @example
 * ```ts
 * import { lenet5 } from '@dendrite/models';
 * const net = await lenet5({ pretrained: true });
 * ```
 * @packageDocumentation
 */

export { Autoencoder, type AutoencoderConfig } from './generative/autoencoder.js';
export { ConvAutoencoder, type ConvAutoencoderConfig } from './generative/conv-autoencoder.js';
export { DCGAN, type DCGANConfig, DCGANDiscriminator, DCGANGenerator } from './generative/dcgan.js';
export { type GANModels, type GANStepLogs, GANTrainer, type GANTrainerOptions } from './generative/gan-trainer.js';
export { ConvVAE, type ConvVAEConfig, type ElboTerms, VAE, type VAEConfig, VariationalAutoencoder } from './generative/vae.js';
export { brownCorpus, untagBrown } from './recurrent/brown-corpus.js';
export { CharLSTM, type CharLSTMConfig } from './recurrent/char-lstm.js';
export { CharVocab } from './recurrent/char-vocab.js';
export { bitsPerChar, sampleText, TBPTT, type TextBatch, textBatchCount, textBatches } from './recurrent/lm-training.js';
export { LSTMClassifier, type LSTMClassifierConfig } from './recurrent/lstm-classifier.js';
export { IoUMeter } from './segmentation/iou.js';
export { SegNet } from './segmentation/segnet.js';
export { type SegmentationConfig, UNet } from './segmentation/unet.js';
export { STN, type STNConfig } from './stn/stn.js';
export { type EpochLoopOptions, trainEpochs } from './training/epoch-loop.js';
export { optimizerSet } from './training/optimizer-set.js';
export { freezeBackbone, type HasHead, replaceHead } from './transfer.js';
export { lenet5, logisticRegression, mlp, perceptron } from './zoo/factories.js';
export { LeNet5, type LeNet5Config } from './zoo/lenet.js';
export { LogisticRegression, type LogisticRegressionConfig } from './zoo/logistic.js';
export { type Activation, MLP, type MLPConfig } from './zoo/mlp.js';
export { Perceptron, type PerceptronConfig, type PerceptronHistory } from './zoo/perceptron.js';
export { loadPretrained, PRETRAINED, type PretrainedName, pretrainedPath } from './zoo/pretrained.js';
export { ZOO, type ZooEntry, zooEntry } from './zoo/registry.js';
export { ZOO_PART3 } from './zoo/registry-part3.js';
