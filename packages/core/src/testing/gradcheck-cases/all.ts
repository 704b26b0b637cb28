import { cases as elementwise } from './elementwise.js';
import { cases as reduceLinalg } from './reduce-linalg.js';
import { cases as movement } from './movement.js';
import type { GradCase } from './types.js';

export const allGradCases: GradCase[] = [...elementwise, ...reduceLinalg];

/**
 * Public ops with no gradient to check: creation, random draws, comparisons,
 * logic, index-valued results, and helpers. Anything else needs a case.
 */
export const NOT_DIFFERENTIABLE = new Set([
  'tensor', 'scalar', 'full', 'zeros', 'ones', 'fullLike', 'zerosLike', 'onesLike', 'arange', 'linspace', 'eye',
  'rand', 'randn', 'randint', 'bernoulli', 'randLike', 'randnLike',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot',
  'sign', 'floor', 'ceil', 'round', 'argmax', 'argmin', 'all', 'any',
  'withTensors', 'scalarOn', 'binaryOp', 'unaryOp',
]);

// Movement and indexing ops; oneHot maps int32 ids to constants, so it has no gradient.
allGradCases.push(...movement);
NOT_DIFFERENTIABLE.add('oneHot');

import { cases as nn } from './nn.js';

allGradCases.push(...nn);
NOT_DIFFERENTIABLE.add('batchNormRunningStats');
// The optimizer update runs under noGrad (checked against its composition in test/optimizer-step.test.ts).
NOT_DIFFERENTIABLE.add('optimizerStep');

import { cases as unpool } from './unpool.js';

allGradCases.push(...unpool);
