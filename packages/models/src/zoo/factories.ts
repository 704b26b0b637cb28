// PyTorch-style factories: `lenet5()`, `lenet5({ pretrained: true })`, `mlp(...)`.
import { LeNet5, type LeNet5Config } from './lenet.js';
import { LogisticRegression, type LogisticRegressionConfig } from './logistic.js';
import { MLP, type MLPConfig } from './mlp.js';
import { Perceptron, type PerceptronConfig } from './perceptron.js';
import { loadPretrained } from './pretrained.js';

/**
 * LeNet-5 (modern by default). With `pretrained: true`, the modern variant
 * with the weights this project trained on MNIST (≥ 99% test accuracy).
 *
 * @example
 * ```ts
 * const fresh = lenet5({ variant: 'classic' });
 * const trained = await lenet5({ pretrained: true });
 * ```
 */
export function lenet5(config: LeNet5Config & { pretrained: true }): Promise<LeNet5>;
export function lenet5(config?: LeNet5Config & { pretrained?: false }): LeNet5;
export function lenet5(config: LeNet5Config & { pretrained?: boolean } = {}): LeNet5 | Promise<LeNet5> {
  const { pretrained, ...rest } = config;
  if (!pretrained) return new LeNet5(rest);
  return loadPretrained(new LeNet5({ variant: 'modern' }), 'lenet5-mnist');
}

/**
 * An MLP. With `pretrained: true`, the 784-256-10 ReLU MLP trained on MNIST.
 *
 * @example
 * ```ts
 * const net = mlp({ inFeatures: 4, hidden: [16, 16], outFeatures: 3, activation: 'tanh' });
 * const trained = await mlp({ pretrained: true });
 * ```
 */
export function mlp(config: { pretrained: true }): Promise<MLP>;
export function mlp(config: MLPConfig & { pretrained?: false }): MLP;
export function mlp(config: (MLPConfig & { pretrained?: boolean }) | { pretrained: true }): MLP | Promise<MLP> {
  if ('pretrained' in config && config.pretrained) {
    return loadPretrained(new MLP({ inFeatures: 784, hidden: [256], outFeatures: 10 }), 'mlp-mnist');
  }
  return new MLP(config as MLPConfig);
}

/**
 * Logistic regression (returns logits).
 *
 * @example
 * ```ts
 * logisticRegression({ inFeatures: 2 });
 * ```
 */
export function logisticRegression(config: LogisticRegressionConfig): LogisticRegression {
  return new LogisticRegression(config);
}

/**
 * Rosenblatt's perceptron.
 *
 * @example
 * ```ts
 * perceptron({ inFeatures: 2 }).learn(x, y);
 * ```
 */
export function perceptron(config: PerceptronConfig): Perceptron {
  return new Perceptron(config);
}
