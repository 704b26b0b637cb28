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

export { freezeBackbone, type HasHead, replaceHead } from './transfer.js';
export { lenet5, logisticRegression, mlp, perceptron } from './zoo/factories.js';
export { LeNet5, type LeNet5Config } from './zoo/lenet.js';
export { LogisticRegression, type LogisticRegressionConfig } from './zoo/logistic.js';
export { type Activation, MLP, type MLPConfig } from './zoo/mlp.js';
export { Perceptron, type PerceptronConfig, type PerceptronHistory } from './zoo/perceptron.js';
export { loadPretrained, PRETRAINED, type PretrainedName, pretrainedPath } from './zoo/pretrained.js';
export { ZOO, type ZooEntry, zooEntry } from './zoo/registry.js';
