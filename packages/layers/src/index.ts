/**
 * @dendrite/layers: modules and layers, losses, initializers, optimizers,
 * learning-rate schedules and the `fit()` training loop.
 *
 * @example
 * ```ts
 * import { Linear, ReLU, Sequential, SGD, fit, CrossEntropyLoss } from '@dendrite/layers';
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
 * await fit(model, [x, y], { loss: new CrossEntropyLoss(), optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 10, batchSize: 32 });
 * ```
 * @packageDocumentation
 */

export { calculateGain, computeFans } from './init/fans.js';
export * as init from './init/index.js';
export { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from './layers/activations.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './layers/batch-norm.js';
export { Conv1d, Conv2d, type ConvLayerOptions, ConvTranspose2d, type ConvTranspose2dLayerOptions } from './layers/conv.js';
export { Dropout, Dropout2d } from './layers/dropout.js';
export { Embedding, type EmbeddingLayerOptions } from './layers/embedding.js';
export { LayerNorm, type LayerNormLayerOptions } from './layers/layer-norm.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { LocalResponseNorm } from './layers/lrn.js';
export { AdaptiveAvgPool2d, AvgPool2d, GlobalAvgPool, MaxPool2d } from './layers/pooling.js';
export type { CellState } from './layers/recurrent/cells.js';
export { GRU, LSTM, RNN } from './layers/recurrent/layers.js';
export type { RecurrentOptions } from './layers/recurrent/recurrent-base.js';
export { Flatten, Reshape } from './layers/reshaping.js';
export { SpatialTransformer, type SpatialTransformerOptions } from './layers/spatial-transformer.js';
export { Upsample } from './layers/upsample.js';
export { DiceLoss, type DiceLossOptions, diceLoss } from './losses/dice.js';
export { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, type LossFn, MSELoss, NLLLoss, SmoothL1Loss } from './losses/losses.js';
export { Identity, ModuleDict, ModuleList, Sequential, type TensorModule } from './module/containers.js';
export { functionalCall } from './module/functional-call.js';
export { type AnyModule, Module } from './module/module.js';
export { ModuleBuffer, Parameter, TensorHolder } from './module/parameter.js';
export { configPath, loadModule, readModuleConfig, saveModule } from './module/serialize.js';
export type { LoadStateDictOptions } from './module/state-dict.js';
export type { SummaryOptions } from './module/summary.js';
export { Adagrad, type AdagradHyper } from './optim/adagrad.js';
export { Adam, type AdamHyper, AdamW } from './optim/adam.js';
export { clipGradNorm, clipGradValue } from './optim/clip.js';
export { type Closure, LBFGS, type LBFGSHyper } from './optim/lbfgs.js';
export { type BaseHyper, Optimizer, OptimizerBase, type OptimizerState, type ParamGroup, type ParamGroupSpec } from './optim/optimizer.js';
export { RMSprop, type RMSpropHyper } from './optim/rmsprop.js';
export { SGD, type SGDHyper } from './optim/sgd.js';
export { type PlateauOptions, ReduceLROnPlateau } from './schedulers/plateau.js';
export { LRScheduler, type SchedulerState } from './schedulers/scheduler.js';
export { CosineAnnealingLR, ExponentialLR, MultiStepLR, StepLR, WarmupLR } from './schedulers/schedules.js';
export { type Batch, type BatchSource, iterateBatches } from './training/batches.js';
export type { Callback, EpochLogs, TrainingContext } from './training/callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './training/callbacks/early-stopping.js';
export { HistoryLogger } from './training/callbacks/history-logger.js';
export { LRSchedulerCallback } from './training/callbacks/lr-scheduler.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './training/callbacks/model-checkpoint.js';
export { type CheckpointInfo, type CheckpointTargets, loadCheckpoint, saveCheckpoint } from './training/checkpoint.js';
export { type EvaluateOptions, evaluate, type LossLike, predict } from './training/evaluate.js';
export { type FitOptions, fit, type History } from './training/fit.js';
export { accuracy, binaryAccuracy, type Metric, meanAbsoluteError, meanSquaredError, resolveMetric, topKAccuracy } from './training/metrics.js';
export { formatLogs, ProgressReporter, type ProgressStream } from './training/progress.js';
