// PyTorch-style factories: `lenet5()`, `lenet5({ pretrained: true })`, `mlp(...)`.
import { LeNet5, type LeNet5Config } from './lenet.js';
import { LogisticRegression, type LogisticRegressionConfig } from './logistic.js';
import { MLP, type MLPConfig } from './mlp.js';
import { Perceptron, type PerceptronConfig } from './perceptron.js';
import { loadPretrained, type PretrainedOptions } from './pretrained.js';

/**
 * LeNet-5 (modern by default). With `pretrained: true`, the modern variant
 * with the weights this project trained on MNIST (≥ 99% test accuracy); in
 * browsers also pass `weights` (the file's bytes or URL, see `loadPretrained`).
 *
 * @example
 * ```ts
 * const fresh = lenet5({ variant: 'classic' });
 * const trained = await lenet5({ pretrained: true });
 * ```
 */
export function lenet5(config: LeNet5Config & { pretrained: true } & PretrainedOptions): Promise<LeNet5>;
export function lenet5(config?: LeNet5Config & { pretrained?: false }): LeNet5;
export function lenet5(config: LeNet5Config & { pretrained?: boolean } & PretrainedOptions = {}): LeNet5 | Promise<LeNet5> {
  const { pretrained, weights, ...rest } = config;
  if (!pretrained) return new LeNet5(rest);
  return pretrainedModel(new LeNet5({ variant: 'modern' }), 'lenet5-mnist', weights);
}

/** Loads the weights into a fresh model, freeing the model if loading fails (the caller never sees it). */
async function pretrainedModel<M extends LeNet5 | MLP>(model: M, name: 'lenet5-mnist' | 'mlp-mnist', weights: PretrainedOptions['weights']): Promise<M> {
  try {
    await loadPretrained(model, name, { weights });
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
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
export function mlp(config: { pretrained: true } & PretrainedOptions): Promise<MLP>;
export function mlp(config: MLPConfig & { pretrained?: false }): MLP;
export function mlp(config: (MLPConfig & { pretrained?: boolean }) | ({ pretrained: true } & PretrainedOptions)): MLP | Promise<MLP> {
  if ('pretrained' in config && config.pretrained) {
    return pretrainedModel(new MLP({ inFeatures: 784, hidden: [256], outFeatures: 10 }), 'mlp-mnist', (config as PretrainedOptions).weights);
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
