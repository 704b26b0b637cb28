/**
 * @dendrite/models: the model zoo (perceptron, logistic regression, MLP,
 * LeNet-5), pretrained weights, transfer-learning helpers and the `dendrite` CLI.
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
export { loadPretrained, pretrainedPath, PRETRAINED, type PretrainedName } from './zoo/pretrained.js';
export { ZOO, zooEntry, type ZooEntry } from './zoo/registry.js';
export { replaceHead, freezeBackbone, type HasHead } from './transfer.js';
