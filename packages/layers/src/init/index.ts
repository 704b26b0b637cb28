// Weight initializers (`init.xavierUniform(layer.weight)`), as torch.nn.init.
export { calculateGain, computeFans, type Nonlinearity } from './fans.js';
export { constant, zeros, ones, uniform, normal, xavierUniform, xavierNormal, kaimingUniform, kaimingNormal, lecunUniform, lecunNormal, type InitOptions, type KaimingOptions } from './initializers.js';
export { orthogonal } from './orthogonal.js';
