// Multi-layer perceptrons with configurable widths and activations.
import { flatten, type Tensor, tidy, ValueError } from '@dendrite/core';
import { Dropout, ELU, GELU, LeakyReLU, Linear, Module, ReLU, Sequential, Sigmoid, Tanh } from '@dendrite/layers';

/** Hidden-layer activations `mlp` offers. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'elu' | 'leakyRelu';

/** Configuration of `MLP`. */
export interface MLPConfig {
  /** Input features (inputs of any shape [N, ...] are flattened). */
  inFeatures: number;
  /** Hidden widths, e.g. [256] or [128, 64]. */
  hidden: readonly number[];
  /** Output features. */
  outFeatures: number;
  /** Activation after each hidden layer (default 'relu'). */
  activation?: Activation;
  /** Dropout probability after each hidden activation (default 0). */
  dropout?: number;
}

const ACTIVATIONS: Record<Activation, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  gelu: () => new GELU(),
  elu: () => new ELU(),
  leakyRelu: () => new LeakyReLU(),
};

/**
 * A fully connected network: `body` (hidden layers) and a replaceable `head`.
 *
 * @example
 * ```ts
 * const net = new MLP({ inFeatures: 784, hidden: [256], outFeatures: 10 });
 * net.forward(zeros([4, 1, 28, 28])).shape; // [4, 10]
 * ```
 */
export class MLP extends Module {
  /** The configuration with its defaults filled in. */
  readonly settings: Required<MLPConfig>;
  /** The hidden layers (linear, activation and dropout for each width). */
  body: Sequential;
  /** The output layer. */
  head: Module;

  /**
   * Builds the MLP.
   * @param config - inFeatures, hidden widths, outFeatures, activation, dropout
   */
  constructor(config: MLPConfig) {
    super();
    const activation = config.activation ?? 'relu';
    if (!(activation in ACTIVATIONS)) {
      throw new ValueError(`mlp: 'activation' must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${JSON.stringify(activation)}`);
    }
    if (!Array.isArray(config.hidden)) throw new ValueError(`mlp: 'hidden' must be an array of widths, got ${JSON.stringify(config.hidden)}`);
    this.settings = { ...config, hidden: [...config.hidden], activation, dropout: config.dropout ?? 0 };
    this.body = new Sequential();
    let width = config.inFeatures;
    for (const h of config.hidden) {
      this.body.append(new Linear(width, h));
      this.body.append(ACTIVATIONS[activation]() as Module<[Tensor], Tensor>);
      if (this.settings.dropout > 0) this.body.append(new Dropout(this.settings.dropout));
      width = h;
    }
    this.head = new Linear(width, config.outFeatures);
  }

  override config(): Record<string, unknown> {
    return { ...this.settings };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => {
      const flat = x.rank > 2 ? flatten(x, 1) : x;
      const h = this.body.length ? this.body.forward(flat) : flat;
      return (this.head as Module<[Tensor], Tensor>).forward(h);
    });
  }
}
