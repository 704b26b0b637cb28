// Transfer learning: keep a trained backbone, swap the classifier head, and
// train only what is new.
import { ValueError } from '@dendrite/core';
import { Module } from '@dendrite/layers';

/** A model whose classifier is the property `head` (LeNet5, MLP...). */
export interface HasHead {
  /** The model's last layer (the classifier). */
  head: Module;
}

/**
 * Replaces the model's `head` with `newHead`, freeing the old head's tensors.
 *
 * @example
 * ```ts
 * const net = lenet5({ pretrained: true });
 * replaceHead(net, new Linear(84, 5)); // 5 new classes
 * ```
 */
export function replaceHead<M extends Module & HasHead>(model: M, newHead: Module): M {
  if (!(newHead instanceof Module)) throw new ValueError(`replaceHead: 'newHead' must be a Module, got ${newHead === null ? 'null' : typeof newHead}`);
  if (!(model.head instanceof Module)) throw new ValueError(`replaceHead: the model has no 'head' module (a ${model.constructor.name})`);
  const old = model.head;
  model.head = newHead;
  old.dispose(); // parameters, buffers and any inference caches
  return model;
}

/**
 * Freezes every parameter except the head's (requiresGrad off), so training
 * updates only the head; returns the trainable parameters for the optimizer.
 *
 * @example
 * ```ts
 * const trainable = freezeBackbone(net);
 * const opt = new Adam(trainable, { lr: 1e-3 });
 * ```
 */
export function freezeBackbone<M extends Module & HasHead>(model: M) {
  model.freeze();
  model.head.unfreeze();
  return model.head.parameters();
}
