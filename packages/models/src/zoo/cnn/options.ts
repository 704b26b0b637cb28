// Shared option checks and torchvision-style initialization for the CNN zoo.
import { ValueError } from '@dendrite/core';
import { BatchNorm2d, Conv2d, init, Linear, type Module } from '@dendrite/layers';

/** Options every CNN of the zoo takes, so small variants are the same code. */
export interface CnnOptions {
  /** Output classes (default 1000, ImageNet). */
  numClasses?: number;
  /** Input channels (default 3, RGB). */
  inChannels?: number;
}

/** Checks a positive integer option, naming the model and option. */
export function intOption(model: string, name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${model}: '${name}' must be a positive integer, got ${JSON.stringify(value)}`);
  return v;
}

/** Checks a positive width multiplier; channel counts scale by it (rounded, at least 1). */
export function widthOption(model: string, value: number | undefined): number {
  const v = value ?? 1;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ValueError(`${model}: 'width' must be a positive number, got ${JSON.stringify(value)}`);
  return v;
}

/** `channels` scaled by a width multiplier. */
export function scaled(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

/**
 * torchvision's ResNet/VGG initialization: convolutions Kaiming-normal
 * (fan-out, ReLU), batch norms weight 1 / bias 0, linear layers N(0, 0.01)
 * with zero bias when `linearStd` is given (VGG), else left at PyTorch's default.
 */
export function initCnn(model: Module, options: { linearStd?: number } = {}): void {
  for (const m of model.modules()) {
    if (m instanceof Conv2d) {
      init.kaimingNormal(m.weight, { mode: 'fanOut', nonlinearity: 'relu' });
      if (m.bias) init.zeros(m.bias);
    } else if (m instanceof BatchNorm2d) {
      if (m.weight) init.ones(m.weight);
      if (m.bias) init.zeros(m.bias);
    } else if (m instanceof Linear && options.linearStd !== undefined) {
      init.normal(m.weight, { std: options.linearStd });
      if (m.bias) init.zeros(m.bias);
    }
  }
}
