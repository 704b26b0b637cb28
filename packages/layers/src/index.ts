/**
 * @dendrite/layers: modules and layers, losses, initializers, optimizers,
 * learning-rate schedules and the `fit()` training loop.
 *
 * @example
 * ```ts runnable
 * import { randn, ready } from '@dendrite/core';
 * import '@dendrite/backend-wasm';
 * import { Linear, ReLU, Sequential, SGD, fit, CrossEntropyLoss } from '@dendrite/layers';
 * await ready();
 * const x = randn([64, 2]);
 * const y = x.sum(1).gt(0).cast('int32'); // class 1 where x0 + x1 > 0
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
 * await fit(model, [x, y], { loss: new CrossEntropyLoss(), optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 10, batchSize: 32 });
 * ```
 * @packageDocumentation
 */
export { Module, type AnyModule } from './module/module.js';
export { Parameter, ModuleBuffer, TensorHolder } from './module/parameter.js';
export { Sequential, ModuleList, ModuleDict, Identity, type TensorModule } from './module/containers.js';
export type { LoadStateDictOptions } from './module/state-dict.js';
export type { SummaryOptions } from './module/summary.js';
export { saveModule, loadModule, readModuleConfig, configPath } from './module/serialize.js';
export { functionalCall } from './module/functional-call.js';
export * as init from './init/index.js';
export { calculateGain, computeFans } from './init/fans.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { Conv1d, Conv2d, ConvTranspose2d, type ConvLayerOptions, type ConvTranspose2dLayerOptions } from './layers/conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, GlobalAvgPool } from './layers/pooling.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './layers/batch-norm.js';
export { convBatchNorm } from './layers/conv-batch-norm.js';
export { LayerNorm, type LayerNormLayerOptions } from './layers/layer-norm.js';
export { LocalResponseNorm } from './layers/lrn.js';
export { Dropout, Dropout2d } from './layers/dropout.js';
export { Flatten, Reshape } from './layers/reshaping.js';
export { ReLU, LeakyReLU, ELU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax } from './layers/activations.js';
export { Embedding, type EmbeddingLayerOptions } from './layers/embedding.js';
export { RNN, LSTM, GRU } from './layers/recurrent/layers.js';
export type { RecurrentOptions } from './layers/recurrent/recurrent-base.js';
export type { CellState } from './layers/recurrent/cells.js';
export { Upsample } from './layers/upsample.js';
export { SpatialTransformer, type SpatialTransformerOptions } from './layers/spatial-transformer.js';
export { MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss, type LossFn } from './losses/losses.js';
export { DiceLoss, diceLoss, type DiceLossOptions } from './losses/dice.js';
export { OptimizerBase, Optimizer, type BaseHyper, type ParamGroup, type ParamGroupSpec, type OptimizerState } from './optim/optimizer.js';
export { SGD, type SGDHyper } from './optim/sgd.js';
export { Adam, AdamW, type AdamHyper } from './optim/adam.js';
export { RMSprop, type RMSpropHyper } from './optim/rmsprop.js';
export { Adagrad, type AdagradHyper } from './optim/adagrad.js';
export { LBFGS, type LBFGSHyper, type Closure } from './optim/lbfgs.js';
export { clipGradNorm, clipGradValue } from './optim/clip.js';
export { LRScheduler, type SchedulerState } from './schedulers/scheduler.js';
export { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, WarmupLR } from './schedulers/schedules.js';
export { ReduceLROnPlateau, type PlateauOptions } from './schedulers/plateau.js';
export { fit, type FitOptions, type History } from './training/fit.js';
export type { FitDistributed } from './training/distributed.js';
export { evaluate, predict, type EvaluateOptions, type LossLike } from './training/evaluate.js';
export { type Batch, type BatchSource, iterateBatches } from './training/batches.js';
export { accuracy, binaryAccuracy, topKAccuracy, meanSquaredError, meanAbsoluteError, resolveMetric, type Metric } from './training/metrics.js';
export type { Callback, EpochLogs, TrainingContext } from './training/callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './training/callbacks/early-stopping.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './training/callbacks/model-checkpoint.js';
export { HistoryLogger } from './training/callbacks/history-logger.js';
export { LRSchedulerCallback } from './training/callbacks/lr-scheduler.js';
export { saveCheckpoint, loadCheckpoint, parseCheckpointInfo, type CheckpointInfo, type CheckpointTargets } from './training/checkpoint.js';
export { ProgressReporter, formatLogs, type ProgressStream } from './training/progress.js';
