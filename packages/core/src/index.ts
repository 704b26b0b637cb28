/**
 * @dendrite/core: tensors, autograd, the Backend contract, memory, seeded RNG,
 * safetensors and the op library.
 *
 * @example
 * ```ts runnable
 * import { tensor, matmul, relu, sum } from '@dendrite/core';
 * const x = tensor([[1, 2]], undefined, { requiresGrad: true });
 * const loss = sum(relu(matmul(x, tensor([[1], [-1]]))));
 * loss.backward();
 * ```
 * @packageDocumentation
 */
import './tensor/methods.js';
import './tensor/methods-nn.js';
import './tensor/methods-movement.js';

export * from './errors.js';
export * from './dtype.js';
export { toHalfBits, fromHalfBits, roundToHalf, encodeHalf, decodeHalf } from './half.js';
export * from './shape.js';
export * from './backend/contract.js';
export { optimizerStateSlots, defaultOptimizerAttrs } from './backend/optimizer-layout.js';
export { UNARY_TABLE, unarySpec, BINARY_TABLE, binarySpec, type UnarySpec, type BinarySpec, type BinaryKind, type OpDomain, type OpAccuracy, type GradSaves, type GradSample } from './ops/table/index.js';
export { bindKernels, guardDisposed, type KernelImpls, type WithContext } from './backend/bind-kernels.js';
export * from './backend/registry.js';
export { Tensor, type NestedArray } from './tensor/tensor.js';
export { moveTo, moveToAsync } from './tensor/move.js';
export { memory, type MemoryInfo, type BackendMemoryInfo } from './engine/memory.js';
export { tidy, keep, dispose, noGrad, enableGrad, isGradEnabled, type TensorContainer } from './engine/scope.js';
export { apply, record, allocTensor, checkInputs, type OpDef } from './engine/apply.js';
export { checkAllocation, MAX_TENSOR_ELEMENTS } from './engine/limits.js';
export type { BackwardFn } from './autograd/node.js';
export type { BackwardOptions } from './autograd/backward.js';
export { onGradReady, type GradReadyHook } from './autograd/grad-hooks.js';
export { gradients, grad, valueAndGrad, type ScalarFn } from './autograd/functional.js';
export { detach } from './autograd/detach.js';
export { philox4x32, randomValue } from './random/philox.js';
export { Generator, defaultGenerator, seed, checkGeneratorState, type GeneratorState } from './random/generator.js';
export * from './ops/index.js';
export { toSafetensors, fromSafetensors, saveSafetensors, loadSafetensors, loadSafetensorsMetadata, writeFileAtomic, removeStaleTempFiles, type SafetensorsContent } from './io/safetensors.js';
export { encodeSafetensors, decodeSafetensors, decodeSafetensorsMetadata } from './io/safetensors-codec.js';
export { nodeBuiltin } from './io/node-builtin.js';
export { makeDirectory } from './io/make-directory.js';
